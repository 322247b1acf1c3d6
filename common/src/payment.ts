import { Directory } from './directory';
import type { IntakeAnnouncement } from './intake';
import type { DiscrepancyCode, FieldFinding, PrivateDifference, WithinToleranceCode } from './matching/evaluate';
import {
  Checked, ValidationIssue, checkAmount, checkBic, checkCurrency, checkDate, checkExchangeRate, checkNonNegativeAmount,
  checkOneOf, checkText, checkUetr, show, unknownFieldIssues,
} from './validation';

/** The two sides of a payment: the sending (debtor) agent's record and the receiving (creditor) agent's. */
export const SIDES = ['DEBTOR_AGENT', 'CREDITOR_AGENT'] as const;
export type SideName = (typeof SIDES)[number];

/** pacs.008 customer credit transfer, pacs.009 financial institution credit transfer. */
export const MESSAGE_TYPES = ['pacs.008', 'pacs.009'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** ISO 20022 ChargeBearerType1Code. */
export const CHARGE_BEARERS = ['DEBT', 'CRED', 'SHAR', 'SLEV'] as const;
export type ChargeBearer = (typeof CHARGE_BEARERS)[number];

export const PAYMENT_STATUSES = [
  'PENDING_COUNTERPARTY', 'MATCHED', 'MATCHED_WITHIN_TOLERANCE', 'DISCREPANCY', 'UNMATCHED', 'RESOLVED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A break is any payment that is not (or not yet) reconciled: every status but MATCHED, MATCHED_WITHIN_TOLERANCE
 * (the two sides differ only as the pair's rule set allows) and RESOLVED.
 */
export function isBreak(status: PaymentStatus): boolean {
  return status !== 'MATCHED' && status !== 'MATCHED_WITHIN_TOLERANCE' && status !== 'RESOLVED';
}

/** An amount with its currency; `amount` is a decimal string, never a number. */
export interface Money {
  amount: string;
  currency: string;
}

/** One entry of pacs.008 ChrgsInf: a charge, in the currency it was taken in, and the agent that took it. */
export interface ChargesInformation {
  amount: Money;
  agentBic: string;
}

/** Most ChrgsInf entries a side may list: more agents than this do not stand between two member banks. */
export const MAX_CHARGES_ENTRIES = 10;

/**
 * One bank's record of one payment as it travels in the transient map (`sides`/`side`) and is kept in the pair's
 * private data collection. After {@link validatePaymentSide} its values are normalised (amounts padded to the
 * currency's minor units, BIC8 extended with 'XXX', rates without trailing zeros).
 */
export interface PaymentSide {
  uetr: string;
  side: SideName;
  /** MSP id of the other bank of the payment. */
  counterpartyOrg: string;
  messageType: MessageType;
  endToEndId: string;
  instructingAgentBic: string;
  instructedAgentBic: string;
  debtorAgentBic: string;
  creditorAgentBic: string;
  interbankSettlementAmount: Money;
  interbankSettlementDate: string;
  instructedAmount?: Money;
  exchangeRate?: string;
  chargeBearer?: ChargeBearer;
  /**
   * pacs.008 ChrgsInf in message order (amounts may be zero, as CBPR+ lists charges not taken). Not a matching
   * field: it is what explains a difference of interbankSettlementAmount under SHAR or CRED, where the agents
   * on the way deduct their charges, so it is read when the settlement amounts differ and never compared alone.
   */
  chargesInformation?: ChargesInformation[];
  /** Confidential from here on: only ever in transient data and private data. */
  debtorName?: string;
  debtorAccount?: string;
  creditorName?: string;
  creditorAccount?: string;
  remittanceInformation?: string;
  purpose?: string;
}

/** The fields two sides must agree on. Each is committed to separately so the ledger can name what differs. */
export const MATCHING_FIELDS = [
  'messageType', 'endToEndId', 'instructingAgentBic', 'instructedAgentBic', 'debtorAgentBic', 'creditorAgentBic',
  'interbankSettlementAmount', 'interbankSettlementDate', 'instructedAmount', 'exchangeRate', 'chargeBearer',
] as const;
export type MatchingField = (typeof MATCHING_FIELDS)[number];

/** The value a side commits to for a matching field; an absent optional field commits to null. */
export function matchingValue(side: PaymentSide, field: MatchingField): string | Money | null {
  return side[field] ?? null;
}

type FieldCheck = (value: unknown, record: Record<string, unknown>, directory: Directory) => Checked<unknown>;

const optional = (check: FieldCheck): FieldCheck => (value, record, directory) =>
  value === undefined ? { ok: true, value: undefined } : check(value, record, directory);

function checkMoney(value: unknown): Checked<Money> {
  return checkMoneyWith(value, checkAmount);
}

function checkMoneyWith(value: unknown, checkValue: (amount: unknown, currency: string) => Checked<string>): Checked<Money> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `${show(value)} is not an object {amount, currency}` };
  }
  const { amount, currency, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    return { ok: false, reason: `unknown field ${extra.sort().join(', ')} (expected amount, currency)` };
  }
  const checkedCurrency = checkCurrency(currency);
  if (!checkedCurrency.ok) {
    return { ok: false, reason: `currency ${checkedCurrency.reason}` };
  }
  const checkedAmount = checkValue(amount, checkedCurrency.value);
  return checkedAmount.ok ? { ok: true, value: { amount: checkedAmount.value, currency: checkedCurrency.value } } : checkedAmount;
}

function checkChargesEntry(value: unknown): Checked<ChargesInformation> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `${show(value)} is not an object {amount, agentBic}` };
  }
  const { amount, agentBic, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    return { ok: false, reason: `unknown field ${extra.sort().join(', ')} (expected amount, agentBic)` };
  }
  const checkedAmount = checkMoneyWith(amount, checkNonNegativeAmount);
  if (!checkedAmount.ok) {
    return { ok: false, reason: `amount ${checkedAmount.reason}` };
  }
  const checkedBic = checkBic(agentBic);
  return checkedBic.ok
    ? { ok: true, value: { agentBic: checkedBic.value, amount: checkedAmount.value } }
    : { ok: false, reason: `agentBic ${checkedBic.reason}` };
}

/** A non-empty list of ChrgsInf entries; an empty list would commit differently from an absent one for the same payment. */
function checkChargesInformation(value: unknown): Checked<ChargesInformation[]> {
  if (!Array.isArray(value)) {
    return { ok: false, reason: `${show(value)} is not an array of {amount, agentBic}` };
  }
  if (value.length === 0) {
    return { ok: false, reason: 'is empty: leave the field out when no charges are listed' };
  }
  if (value.length > MAX_CHARGES_ENTRIES) {
    return { ok: false, reason: `lists ${value.length} charges, more than ${MAX_CHARGES_ENTRIES}` };
  }
  const entries: ChargesInformation[] = [];
  for (const [index, entry] of value.entries()) {
    const checked = checkChargesEntry(entry);
    if (!checked.ok) {
      return { ok: false, reason: `entry [${index}]: ${checked.reason}` };
    }
    entries.push(checked.value);
  }
  return { ok: true, value: entries };
}

/** ISO 20022 text limits of the confidential and identifying fields. */
const TEXT_LIMITS = {
  endToEndId: 35, debtorName: 140, debtorAccount: 34, creditorName: 140, creditorAccount: 34,
  remittanceInformation: 140, purpose: 35,
} as const;

/** Field checks in a fixed order: issues come out in this order. */
const FIELD_CHECKS: Record<keyof PaymentSide, FieldCheck> = {
  uetr: checkUetr,
  side: (value) => checkOneOf(value, SIDES),
  counterpartyOrg: (value, _record, directory) => (typeof value === 'string' && directory.isMemberBank(value)
    ? { ok: true, value }
    : { ok: false, reason: `${show(value)} is not a member bank` }),
  messageType: (value) => checkOneOf(value, MESSAGE_TYPES),
  endToEndId: (value) => checkText(value, TEXT_LIMITS.endToEndId),
  instructingAgentBic: checkBic,
  instructedAgentBic: checkBic,
  debtorAgentBic: checkBic,
  creditorAgentBic: checkBic,
  interbankSettlementAmount: checkMoney,
  interbankSettlementDate: checkDate,
  instructedAmount: optional(checkMoney),
  exchangeRate: optional(checkExchangeRate),
  chargeBearer: optional((value) => checkOneOf(value, CHARGE_BEARERS)),
  chargesInformation: optional(checkChargesInformation),
  debtorName: optional((value) => checkText(value, TEXT_LIMITS.debtorName)),
  debtorAccount: optional((value) => checkText(value, TEXT_LIMITS.debtorAccount)),
  creditorName: optional((value) => checkText(value, TEXT_LIMITS.creditorName)),
  creditorAccount: optional((value) => checkText(value, TEXT_LIMITS.creditorAccount)),
  remittanceInformation: optional((value) => checkText(value, TEXT_LIMITS.remittanceInformation)),
  purpose: optional((value) => checkText(value, TEXT_LIMITS.purpose)),
};

/** Every field a side may carry, in the order they are checked. */
export const PAYMENT_SIDE_FIELDS = Object.keys(FIELD_CHECKS) as (keyof PaymentSide)[];

/** The same fields in canonical key order: a normalised side is built in it, so its canonical JSON is written natively. */
const FIELDS_IN_KEY_ORDER = [...PAYMENT_SIDE_FIELDS].sort();

/** The result of {@link validatePaymentSide}: the normalised side, or every issue found. */
export type SideValidation = { ok: true; side: PaymentSide } | { ok: false; issues: ValidationIssue[] };

/**
 * Checks and normalises one side as submitted by `submitterOrg` (the org of the client identity, never taken
 * from the payload). Beyond field formats it checks that the side is the submitter's own: for DEBTOR_AGENT the
 * debtor agent BIC must be one of the submitter's and the creditor agent BIC one of the counterparty's, the
 * other way round for CREDITOR_AGENT. Issue paths are prefixed with `path` (e.g. `sides[3]`).
 */
export function validatePaymentSide(raw: unknown, submitterOrg: string, path: string, directory: Directory): SideValidation {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ path, reason: `${show(raw)} is not a payment side object` }] };
  }
  const record = raw as Record<string, unknown>;
  const issues = unknownFieldIssues(record, (field) => Object.hasOwn(FIELD_CHECKS, field), path);
  const values = new Map<keyof PaymentSide, unknown>();
  for (const field of PAYMENT_SIDE_FIELDS) {
    const checked = FIELD_CHECKS[field](record[field], record, directory);
    if (!checked.ok) {
      issues.push({ path: `${path}.${field}`, reason: checked.reason });
    } else if (checked.value !== undefined) {
      values.set(field, checked.value);
    }
  }
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  const normalised: Record<string, unknown> = {};
  for (const field of FIELDS_IN_KEY_ORDER) {
    if (values.has(field)) normalised[field] = values.get(field);
  }
  const side = normalised as unknown as PaymentSide;
  issues.push(...sideOwnershipIssues(side, submitterOrg, path, directory));
  return issues.length > 0 ? { ok: false, issues } : { ok: true, side };
}

function sideOwnershipIssues(side: PaymentSide, submitterOrg: string, path: string, directory: Directory): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (side.counterpartyOrg === submitterOrg) {
    issues.push({ path: `${path}.counterpartyOrg`, reason: `${show(side.counterpartyOrg)} is the submitter itself` });
    return issues;
  }
  const [ownField, otherField]: [MatchingField, MatchingField] = side.side === 'DEBTOR_AGENT'
    ? ['debtorAgentBic', 'creditorAgentBic']
    : ['creditorAgentBic', 'debtorAgentBic'];
  const ownBic = side[ownField] as string;
  const otherBic = side[otherField] as string;
  if (directory.orgOfBic(ownBic) !== submitterOrg) {
    issues.push({
      path: `${path}.${ownField}`,
      reason: `${show(ownBic)} belongs to ${directory.orgOfBic(ownBic) ?? 'no member bank'}, not to the submitter ${submitterOrg}, so it cannot submit the ${side.side} side`,
    });
  }
  if (directory.orgOfBic(otherBic) !== side.counterpartyOrg) {
    issues.push({
      path: `${path}.${otherField}`,
      reason: `${show(otherBic)} belongs to ${directory.orgOfBic(otherBic) ?? 'no member bank'}, not to the counterparty ${side.counterpartyOrg}`,
    });
  }
  return issues;
}

/** The debtor and creditor agent orgs of a validated side. */
export function agentOrgsOf(side: PaymentSide, submitterOrg: string): { debtorAgentOrg: string; creditorAgentOrg: string } {
  return side.side === 'DEBTOR_AGENT'
    ? { debtorAgentOrg: submitterOrg, creditorAgentOrg: side.counterpartyOrg }
    : { debtorAgentOrg: side.counterpartyOrg, creditorAgentOrg: submitterOrg };
}

/** What public state holds about one side: who, when, commitments, and where the details are. No values. */
export interface PublicSide {
  submittedBy: string;
  submittedAt: string;
  txId: string;
  /**
   * HMAC-SHA256-128 under the pair key of canonical {uetr, field, value}, per matching field, in base64url. They
   * only tell which fields of the two sides are equal; 128 bits keep a second preimage out of reach, and the whole
   * side is committed to in full by `sideCommitment`. Every public record carries them, so their size is what
   * the peers store and validate per side.
   */
  fieldCommitments: Record<MatchingField, string>;
  /** HMAC-SHA256 under the pair key of canonical {uetr, side: the whole normalised side}, in base64url. */
  sideCommitment: string;
  /**
   * Where the side's full details are: the batch blob that transaction `txId` wrote to the pair collection of
   * the payment's two banks, at this index.
   */
  detailsIndex: number;
}

export type WorkflowAction = 'AMEND' | 'ACCEPT' | 'RESOLVE' | 'CUT_OFF' | 'LATE_SIDE' | 'REEVALUATION_REQUEST' | 'REEVALUATE';

/** One step of a payment's exception workflow, in the order they were committed. */
export interface WorkflowStep {
  action: WorkflowAction;
  org: string;
  txId: string;
  at: string;
  side?: SideName;
  reason?: string;
}

/** A bank's acceptance of the current discrepancy; cleared when either side is amended. */
export interface Acceptance {
  org: string;
  txId: string;
  at: string;
  reason: string;
}

/**
 * Why two sides whose commitments differ are MATCHED_WITHIN_TOLERANCE or a DISCREPANCY: a code per differing
 * field (the shared part of the matching evaluation, see evaluateSides), never a value. It is taken when a side
 * arrives or changes, or when both banks ask for it under a newer rule set (requestReevaluation), and a new rule
 * set version never rewrites it otherwise.
 */
export interface MatchDecision {
  /**
   * The pair's rule set version and digest applied; absent when no rule was consulted (no field a rule can
   * tolerate differs, or the pair had agreed no rule set yet).
   */
  ruleSetVersion?: number;
  ruleSetDigest?: string;
  /** The transaction that took the decision; with a rule set version, its worked differences are in the pair's collection. */
  txId: string;
  withinTolerance: FieldFinding<WithinToleranceCode>[];
  discrepancies: FieldFinding<DiscrepancyCode>[];
}

/** One bank's request that the payment be evaluated again under a rule set version; both banks' make it happen. */
export interface ReevaluationRequest {
  org: string;
  ruleSetVersion: number;
  txId: string;
  at: string;
}

/** The public record of one payment, one ledger key per UETR: ('payment', [uetr]). */
export interface PaymentRecord {
  uetr: string;
  messageType: MessageType;
  corridor: string;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
  status: PaymentStatus;
  /**
   * The one business field in public state: the cut-off and the regulator's corridor/date break index need it.
   * It is the debtor agent's interbank settlement date once that side is in, the creditor agent's before.
   */
  settlementDate: string;
  sides: Partial<Record<SideName, PublicSide>>;
  /** Names of the matching fields whose commitments differ; never their values. */
  differingFields: MatchingField[];
  /** With both sides in and some field differing: why it matched within tolerance or is a discrepancy. */
  decision?: MatchDecision;
  /** Requests to evaluate again under a newer rule set, until both banks have asked (then cleared). */
  reevaluationRequests?: ReevaluationRequest[];
  acceptances: Acceptance[];
  trail: WorkflowStep[];
}

/** The private blob a batch writes to the pair collection under ('batch', [txId]). */
export interface SideBatch {
  txId: string;
  submittedBy: string;
  sides: PaymentSide[];
}

/**
 * The private blob of the differences a transaction worked out while deciding payments under a rule set, in the
 * pair collection under ('differences', [txId]): as confidential as the sides' details, never in public state.
 */
export interface DifferencesBatch {
  txId: string;
  payments: Record<string, PrivateDifference[]>;
}

/** What `getPaymentDetails` returns: both sides' full details as their banks submitted them. */
export interface PaymentDetails {
  uetr: string;
  collection: string;
  sides: Partial<Record<SideName, PaymentSide>>;
  /** The differences behind the payment's decision, when a rule set was applied (see MatchDecision). */
  differences?: PrivateDifference[];
}

/**
 * One summarised change in a `PaymentsChanged` event: the payment's public state after the transaction, enough
 * for each org's projection to keep its tables without reading the ledger again.
 */
export interface PaymentChange {
  uetr: string;
  corridor: string;
  messageType: MessageType;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
  settlementDate: string;
  sidesPresent: SideName[];
  status: PaymentStatus;
  differingFields: MatchingField[];
  /** The record's decision, when it has one. */
  decision?: MatchDecision;
}

/** Payload of the `PaymentsChanged` event, the one event every payment transaction emits. */
export interface PaymentsChangedEvent {
  transaction: string;
  txId: string;
  changes: PaymentChange[];
  counts: { received: number; changed: number; unchanged: number };
  /** What the submitting bank's outbox announced with a submitSides batch (see IntakeAnnouncement); absent otherwise. */
  intake?: IntakeAnnouncement;
}

/**
 * What `submitSides` returns: the event without its changes. The event already carries them, and a result is
 * carried in the transaction beside the event, so a batch of 500 would write them twice into every block
 * (about 230 bytes a side, 10-14% of a block).
 */
export type SubmitSidesSummary = Omit<PaymentsChangedEvent, 'changes'>;

/** Name of the single chaincode event of every payment transaction. */
export const PAYMENTS_CHANGED_EVENT = 'PaymentsChanged';
/** Most sides one submitSides transaction accepts. */
export const MAX_SIDES_PER_BATCH = 500;

/** What `runCutOff` returns: the page's PaymentsChanged summary, the date, and whether payments are left to move. */
export type CutOffPage = PaymentsChangedEvent & { cutOffDate: string; more: boolean };

/** The agent banks of a payment a pair's channel records, as `findPayments` answers by UETR. */
export interface PaymentAgents {
  debtorAgentOrg: string;
  creditorAgentOrg: string;
}

/** One committed version of a payment's public record, as `getPaymentHistory` lists them. */
export interface PaymentVersion {
  txId: string;
  at: string;
  isDelete: boolean;
  record?: PaymentRecord;
}

/** What `getPaymentHistory` returns: every committed version, newest first. */
export interface PaymentHistory {
  uetr: string;
  versions: PaymentVersion[];
}

/** What `listBreaks` returns: a corridor's breaks settling on a date, by UETR. */
export interface BreakList {
  corridor: string;
  settlementDate: string;
  breaks: { uetr: string; status: PaymentStatus }[];
}
