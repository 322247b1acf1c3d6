/**
 * The ingested side: one bank's own side of one payment as an ISO 20022 message or a CSV row gives it, with the
 * rule that decides which side of the payment the submitting bank is on. The ledger's PaymentSide is made from
 * it (see side-mapper.ts); the values and their types are the shared ones of @bayrecon/common.
 */
import { ChargeBearer, MessageType, Money, SideName, checkBic } from '@bayrecon/common';
import type { Problems } from './ingest-error';

/** SttlmInf/SttlmMtd: how the interbank settlement is made (read and kept, not matched on). */
export type SettlementMethod = 'INDA' | 'INGA' | 'COVE' | 'CLRG';
export const SETTLEMENT_METHODS: readonly SettlementMethod[] = ['INDA', 'INGA', 'COVE', 'CLRG'];

/** Confidential: travels only in private data. */
export interface PartyDetails {
  readonly name?: string;
  readonly account?: string;
}

export interface IngestedSide {
  /** Lowercase UUIDv4; with `side`, the record's key. */
  readonly uetr: string;
  /** Which agent the submitting bank is for this payment. */
  readonly side: SideName;
  readonly messageType: MessageType;
  /** May be `NOTPROVIDED`, which matching must skip. */
  readonly endToEndId: string;
  readonly instructionId?: string;
  readonly transactionId?: string;
  readonly instructingAgentBic: string;
  readonly instructedAgentBic: string;
  /** pacs.009: the debtor FI when no separate DbtrAgt is named. */
  readonly debtorAgentBic: string;
  /** pacs.009: the creditor FI when no separate CdtrAgt is named. */
  readonly creditorAgentBic: string;
  /** The other bank of the pair the submitting bank was found in. */
  readonly counterpartyBic: string;
  /** Exactly the currency's minor units (see checkAmount in fields.ts). */
  readonly interbankSettlementAmount: Readonly<Money>;
  /** YYYY-MM-DD */
  readonly interbankSettlementDate: string;
  readonly instructedAmount?: Readonly<Money>;
  /** Decimal string, trailing zeros dropped. */
  readonly exchangeRate?: string;
  readonly chargeBearer?: ChargeBearer;
  readonly debtor?: PartyDetails;
  readonly creditor?: PartyDetails;
  readonly remittanceInformation?: string;
  /** Purp/Cd, or Purp/Prtry when no code. */
  readonly purpose?: string;
  readonly settlementMethod?: SettlementMethod;
  /** SttlmInf/ClrSys/Cd (e.g. CIP, HKL, MQQ) or its Prtry. */
  readonly clearingSystem?: string;
}

/** A BIC in its 11-character form (BIC8 + XXX), as the shared check normalises it; anything else as it is. */
function bic11(bic: string): string {
  const checked = checkBic(bic);
  return checked.ok ? checked.value : bic;
}

/** A BIC as read, with the path it was read from (for problems). */
export interface LocatedBic {
  readonly bic: string;
  readonly path: string;
}

/**
 * The bank's own BICs as configured for the API instance. A BIC8 entry covers every branch of that
 * institution; a BIC11 entry covers that office only (with XXX also matching the BIC8 form).
 */
export class OwnBics {
  private readonly entries: readonly string[];

  constructor(bics: readonly string[]) {
    if (bics.length === 0) throw new RangeError('ownBics: the bank must have at least one BIC');
    for (const bic of bics) {
      const result = checkBic(bic);
      if (!result.ok) throw new RangeError(`ownBics: ${result.reason}`);
    }
    this.entries = [...bics];
  }

  includes(bic: string): boolean {
    return this.entries.some((own) => (own.length === 8 ? bic.startsWith(own) : bic11(bic) === own));
  }

  toString(): string {
    return this.entries.join(', ');
  }
}

export interface SideAgents {
  /** DbtrAgt/CdtrAgt (pacs.009: Dbtr/Cdtr when no agent), when they carry a BIC. */
  readonly debtorAgent?: LocatedBic;
  readonly creditorAgent?: LocatedBic;
  /** InstgAgt/InstdAgt, the fallback. */
  readonly instructingAgent?: LocatedBic;
  readonly instructedAgent?: LocatedBic;
}

/**
 * Decides the bank's side by its own BICs: against DbtrAgt/CdtrAgt first, then InstgAgt/InstdAgt (a bank
 * that instructs for the debtor's side is on the debtor side). A transaction where the bank is on neither
 * side, or on both (an on-us payment has no counterparty to reconcile with), is a problem.
 */
export function resolveSide(
  own: OwnBics,
  agents: SideAgents,
  problems: Problems,
  where: string,
): { readonly side: SideName; readonly counterpartyBic: string } | undefined {
  const pairs: ReadonlyArray<readonly [LocatedBic | undefined, LocatedBic | undefined]> = [
    [agents.debtorAgent, agents.creditorAgent],
    [agents.instructingAgent, agents.instructedAgent],
  ];
  for (const [debtorSide, creditorSide] of pairs) {
    const isDebtor = debtorSide !== undefined && own.includes(debtorSide.bic);
    const isCreditor = creditorSide !== undefined && own.includes(creditorSide.bic);
    if (isDebtor && isCreditor) {
      problems.add(creditorSide.path, `the bank (${own.toString()}) is both debtor and creditor side; an on-us payment is not reconciled`);
      return undefined;
    }
    if (isDebtor) return creditorSide === undefined ? missingCounterparty(problems, where) : { side: 'DEBTOR_AGENT', counterpartyBic: creditorSide.bic };
    if (isCreditor) return debtorSide === undefined ? missingCounterparty(problems, where) : { side: 'CREDITOR_AGENT', counterpartyBic: debtorSide.bic };
  }
  problems.add(where, `the bank (${own.toString()}) is neither the debtor nor the creditor agent (nor the instructing or instructed agent) of this transaction`);
  return undefined;
}

function missingCounterparty(problems: Problems, where: string): undefined {
  problems.add(where, 'the counterparty agent has no BIC');
  return undefined;
}
