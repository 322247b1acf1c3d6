import { canonicalBytes, parseJsonBytes } from './canonical';
import { RULE_SET_VERSION_DIGITS } from './pair-rules';

/**
 * The ledger's key layout, in one place. Composite keys are built by the stub from an object type and
 * attributes; these are the object types.
 *
 * World state:
 * - ('payment', [uetr]): the public {@link PaymentRecord}, in the chaincode of the payment's bank pair.
 * - ('pending', [settlementDate, corridor, txId]): the UETRs transaction txId left PENDING_COUNTERPARTY, one
 *   entry per transaction, date and corridor; date first so the cut-off walks it in date order and stops at the
 *   cut-off date. Entries are not updated when a payment matches: readers check each UETR's record.
 * - ('break', [corridor, settlementDate, uetr]): index of the other breaks (DISCREPANCY, UNMATCHED).
 * - ('anchor', [documentHash]): a document anchor; key-level policy: the issuer's peer.
 * - ('verification', [documentHash, txId]): one verification of a document (or of an unknown hash).
 * - ('ruleSet', [version]): a rule set version both banks of the pair agreed, its number zero-padded to
 *   RULE_SET_VERSION_DIGITS so the versions list in order; ('ruleSetEffective', []): the latest of them, which
 *   the pair's payments are decided under (one read on the tolerance path); ('ruleSetProposal', []): the open
 *   proposal. On each pair's channel.
 *
 * Private data, one collection per bank pair (see `pairCollection`):
 * - 'pairKey' (simple key): the 32-byte secret the commitments are keyed with.
 * - ('batch', [txId]): every side one transaction submitted, as one {@link SideBatch}.
 * - ('differences', [txId]): the differences behind the decisions one transaction took under a rule set, as one
 *   {@link DifferencesBatch}.
 */
export const KEY_TYPES = {
  payment: 'payment',
  pendingIndex: 'pending',
  breakIndex: 'break',
  batch: 'batch',
  anchor: 'anchor',
  verification: 'verification',
  ruleSet: 'ruleSet',
  ruleSetEffective: 'ruleSetEffective',
  ruleSetProposal: 'ruleSetProposal',
  differences: 'differences',
} as const;

/** Simple key of the pair secret in each pair collection. */
export const PAIR_KEY = 'pairKey';
/** Length in bytes of a pair key. */
export const PAIR_KEY_BYTES = 32;

/** An object type and the attributes of a composite key, before the stub turns them into a key string. */
export interface KeyParts {
  objectType: string;
  attributes: string[];
}

export const paymentKey = (uetr: string): KeyParts => ({ objectType: KEY_TYPES.payment, attributes: [uetr] });
export const pendingIndexKey = (settlementDate: string, corridor: string, txId: string): KeyParts =>
  ({ objectType: KEY_TYPES.pendingIndex, attributes: [settlementDate, corridor, txId] });
export const breakIndexKey = (corridor: string, settlementDate: string, uetr: string): KeyParts =>
  ({ objectType: KEY_TYPES.breakIndex, attributes: [corridor, settlementDate, uetr] });
export const batchKey = (txId: string): KeyParts => ({ objectType: KEY_TYPES.batch, attributes: [txId] });
export const anchorKey = (documentHash: string): KeyParts => ({ objectType: KEY_TYPES.anchor, attributes: [documentHash] });
export const verificationKey = (documentHash: string, txId: string): KeyParts =>
  ({ objectType: KEY_TYPES.verification, attributes: [documentHash, txId] });
export const ruleSetKey = (version: number): KeyParts =>
  ({ objectType: KEY_TYPES.ruleSet, attributes: [String(version).padStart(RULE_SET_VERSION_DIGITS, '0')] });
export const effectiveRuleSetKey = (): KeyParts => ({ objectType: KEY_TYPES.ruleSetEffective, attributes: [] });
export const ruleSetProposalKey = (): KeyParts => ({ objectType: KEY_TYPES.ruleSetProposal, attributes: [] });
export const differencesKey = (txId: string): KeyParts => ({ objectType: KEY_TYPES.differences, attributes: [txId] });

/** Serialises a record for the ledger: canonical JSON bytes, identical on every endorser. */
export function marshal(value: unknown): Buffer {
  return canonicalBytes(value);
}

/** Parses a record written by {@link marshal}. */
export function unmarshal<T>(bytes: Uint8Array): T {
  return parseJsonBytes<T>(bytes);
}
