import type { DirectoryState } from './directory';
import type { DirectoryProposal, DirectoryVersion } from './directory-change';
import type { Heartbeat } from './heartbeat';
import type { DryRunReport } from './matching/dry-run';
import type { AgreedRuleSet, PairRuleSets, RuleSetProposal } from './pair-rules';
import type {
  BreakList, CutOffPage, PaymentAgents, PaymentDetails, PaymentHistory, PaymentRecord, PaymentsChangedEvent,
  SubmitSidesSummary,
} from './payment';
import type { RefusalKind } from './refusal';
import type { DocumentAnchor, DocumentsAnchored, VerificationList, VerificationOutcome } from './verification';

/**
 * The chaincode's transactions, each declared once: the contracts implement them (their classes are typed
 * against these declarations) and the clients call them through typed classes built on them, so a name, an
 * argument, a transient field or a result shape cannot differ between the two.
 *
 * Every argument is a string, as Fabric passes them; every result is JSON text, parsed by {@link decodeResult}.
 * Which chaincode and channel a contract is called in is the client's business, not the declaration's.
 */
export interface TransactionDeclaration<
  Name extends string = string,
  Args extends readonly string[] = readonly string[],
  Transient extends readonly string[] = readonly string[],
  Result = unknown,
> {
  /** The contract that serves it, as fabric-contract-api names contracts (`<contract>:<name>` on the wire). */
  readonly contract: string;
  readonly name: Name;
  /** True for a transaction that is ordered and committed, false for a query evaluated on one peer. */
  readonly submit: boolean;
  /** The names of its positional arguments, in order. */
  readonly arguments: Args;
  /** The fields of the transient map it reads: private details that must never be in the transaction. */
  readonly transient: Transient;
  /** The kinds of refusal it answers with. */
  readonly refusals: readonly RefusalKind[];
  /** Never set: it carries the type of the parsed result. */
  readonly result?: Result;
}

/** The argument values of a transaction, one string per declared argument. */
export type ArgumentsOf<T> = T extends TransactionDeclaration<string, infer Args> ? { -readonly [K in keyof Args]: string } : never;
/** The name of one field of a transaction's transient map. */
export type TransientFieldOf<T> = T extends TransactionDeclaration<string, readonly string[], infer Fields> ? Fields[number] : never;
/** The transient map a transaction reads: one value per declared field. */
export type TransientOf<T> = T extends TransactionDeclaration<string, readonly string[], infer Fields> ? Record<Fields[number], string | Uint8Array> : never;
/** The parsed result of a transaction. */
export type ResultOf<T> = T extends TransactionDeclaration<string, readonly string[], readonly string[], infer Result> ? Result : never;

/** What a contract class must implement: one method per declared transaction, taking its arguments and returning JSON. */
export type ContractImplementation<Declarations, Ctx> = {
  [Name in keyof Declarations]: (ctx: Ctx, ...args: ArgumentsOf<Declarations[Name]>) => Promise<string>;
};

interface TransactionSpec<Args extends readonly string[], Transient extends readonly string[], Result> {
  submit: boolean;
  arguments: Args;
  transient: Transient;
  refusals: readonly RefusalKind[];
  result?: Result;
}

/** A transaction's declaration with its result type, before its contract names it (see {@link declareContract}). */
function returns<Result>() {
  return <const Args extends readonly string[] = readonly [], const Transient extends readonly string[] = readonly []>(
    spec: { submit: boolean; arguments?: Args; transient?: Transient; refusals: readonly RefusalKind[] },
  ): TransactionSpec<Args, Transient, Result> => ({
    submit: spec.submit, arguments: spec.arguments ?? ([] as unknown as Args), transient: spec.transient ?? ([] as unknown as Transient), refusals: spec.refusals,
  });
}

/** Names each transaction of a contract by its key. */
function declareContract<const Contract extends string, Specs extends Record<string, TransactionSpec<readonly string[], readonly string[], unknown>>>(
  contract: Contract, specs: Specs,
): { readonly [Name in keyof Specs & string]: Specs[Name] extends TransactionSpec<infer Args, infer Transient, infer Result>
  ? TransactionDeclaration<Name, Args, Transient, Result> & { readonly contract: Contract } : never } {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, Object.freeze({ contract, name, ...spec })])) as never;
}

/**
 * Payments between the two banks of a pair: each bank's side of a payment, its reconciliation, the exception
 * workflow and the cut-off. Private details travel in the transient map only.
 */
export const PAYMENT_TRANSACTIONS = declareContract('payment', {
  submitSides: returns<SubmitSidesSummary>()({
    submit: true, arguments: ['outbox', 'acceptedSides'], transient: ['sides', 'pairKeyProposal'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'],
  }),
  amendSide: returns<PaymentsChangedEvent>()({ submit: true, transient: ['side'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'] }),
  acceptDiscrepancy: returns<PaymentsChangedEvent>()({
    submit: true, arguments: ['uetr', 'reason'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
  }),
  runCutOff: returns<CutOffPage>()({ submit: true, arguments: ['cutOffDate', 'pageSize'], refusals: ['INVALID', 'FORBIDDEN'] }),
  findPayments: returns<Record<string, PaymentAgents>>()({ submit: false, arguments: ['uetrs'], refusals: ['INVALID', 'FORBIDDEN'] }),
  uetrsTaken: returns<string[]>()({ submit: false, arguments: ['uetrs'], refusals: ['INVALID'] }),
  getPayment: returns<PaymentRecord>()({ submit: false, arguments: ['uetr'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN'] }),
  getPaymentDetails: returns<PaymentDetails>()({ submit: false, arguments: ['uetr'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN'] }),
  getPaymentHistory: returns<PaymentHistory>()({ submit: false, arguments: ['uetr'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN'] }),
  listBreaks: returns<BreakList>()({ submit: false, arguments: ['corridor', 'settlementDate'], refusals: ['INVALID', 'FORBIDDEN'] }),
  requestReevaluation: returns<PaymentsChangedEvent>()({
    submit: true, arguments: ['uetrs', 'ruleSetVersion'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'],
  }),
});

/**
 * A bank pair's matching rules, on the pair's channel: one bank proposes a version, the other accepts it; the
 * pair's members read them and dry-run a rule set over past payments.
 */
export const RULE_SET_TRANSACTIONS = declareContract('rules', {
  proposeRuleSet: returns<RuleSetProposal>()({ submit: true, arguments: ['ruleSet'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'] }),
  acceptRuleSet: returns<AgreedRuleSet>()({
    submit: true, arguments: ['version', 'digest'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
  }),
  getRuleSets: returns<PairRuleSets>()({ submit: false, refusals: ['FORBIDDEN'] }),
  dryRunRuleSet: returns<DryRunReport>()({
    submit: false, arguments: ['ruleSet', 'settlementDate', 'uetrs'], refusals: ['INVALID', 'FORBIDDEN'],
  }),
});

/** Document anchors: an issuer's hashes, their verification by anyone, their revocation by the issuer. */
export const DOCUMENT_TRANSACTIONS = declareContract('verification', {
  anchorDocuments: returns<DocumentsAnchored>()({ submit: true, arguments: ['anchors'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'] }),
  verifyDocument: returns<VerificationOutcome>()({ submit: true, arguments: ['documentHash', 'purpose'], refusals: ['INVALID', 'FORBIDDEN'] }),
  revokeDocument: returns<DocumentAnchor>()({
    submit: true, arguments: ['documentHash', 'reason'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN'],
  }),
  getAnchor: returns<DocumentAnchor>()({ submit: false, arguments: ['documentHash'], refusals: ['INVALID', 'NOT_FOUND', 'FORBIDDEN'] }),
  listVerifications: returns<VerificationList>()({ submit: false, arguments: ['documentHash'], refusals: ['INVALID', 'FORBIDDEN'] }),
});

/** The member directory and its governance, on the consortium channel. */
export const DIRECTORY_TRANSACTIONS = declareContract('directory', {
  initialise: returns<DirectoryState>()({ submit: true, arguments: ['genesis'], refusals: ['INVALID', 'FORBIDDEN', 'CONFLICT'] }),
  read: returns<DirectoryState>()({ submit: false, refusals: ['NOT_FOUND'] }),
  propose: returns<DirectoryProposal>()({ submit: true, arguments: ['change'], refusals: ['INVALID', 'FORBIDDEN', 'NOT_FOUND'] }),
  approve: returns<DirectoryProposal>()({ submit: true, arguments: ['proposalId'], refusals: ['INVALID', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'] }),
  proposals: returns<DirectoryProposal[]>()({ submit: false, refusals: ['NOT_FOUND'] }),
  history: returns<DirectoryVersion[]>()({ submit: false, refusals: ['NOT_FOUND'] }),
});

/** Liveness of the whole write path, one key per org. */
export const HEARTBEAT_TRANSACTIONS = declareContract('heartbeat', {
  beat: returns<Heartbeat>()({ submit: true, refusals: [] }),
  read: returns<Heartbeat>()({ submit: false, arguments: ['org'], refusals: ['NOT_FOUND'] }),
});

/** The name fabric-contract-api routes on: `<contract>:<transaction>`. */
export function transactionName(transaction: TransactionDeclaration): string {
  return `${transaction.contract}:${transaction.name}`;
}

/** A transaction's result for the wire, typed by its declaration. */
export function encodeResult<T extends TransactionDeclaration>(_transaction: T, result: ResultOf<T>): string {
  return JSON.stringify(result);
}

/** Parses a transaction's result as its declaration types it. */
export function decodeResult<T extends TransactionDeclaration>(_transaction: T, bytes: Uint8Array | string): ResultOf<T> {
  return JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as ResultOf<T>;
}

/** The contract a set of declarations belongs to (its name in fabric-contract-api). */
export function contractName(declarations: Readonly<Record<string, TransactionDeclaration>>): string {
  const [first] = Object.values(declarations);
  return first.contract;
}
