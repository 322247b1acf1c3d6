import {
  MATCHING_FIELDS, MatchingField, PaymentSide, keyedCommitment, matchingValue,
} from '@bayrecon/common';

export interface SideCommitments {
  fieldCommitments: Record<MatchingField, string>;
  sideCommitment: string;
}

/** Field commitments are HMAC-SHA256-128: see PublicSide.fieldCommitments. */
const FIELD_COMMITMENT_BYTES = 16;

/**
 * Commits to a normalised side with the pair key. The UETR is inside every commitment so equal values of two
 * different payments give unrelated commitments, and the key keeps an outsider from testing guesses.
 */
export function commitSide(pairKey: Uint8Array, side: PaymentSide): SideCommitments {
  const fieldCommitments = Object.fromEntries(MATCHING_FIELDS.map((field) => [
    field,
    keyedCommitment(pairKey, { uetr: side.uetr, field, value: matchingValue(side, field) }, FIELD_COMMITMENT_BYTES),
  ])) as Record<MatchingField, string>;
  return { fieldCommitments, sideCommitment: keyedCommitment(pairKey, { uetr: side.uetr, side }) };
}
