import {
  MATCHING_FIELDS, MatchingField, PaymentSide, canonicalJson, keyedCommitment, matchingValue,
} from '@bayrecon/common';

export interface SideCommitments {
  fieldCommitments: Record<MatchingField, string>;
  sideCommitment: string;
}

/** Field commitments are HMAC-SHA256-128: see PublicSide.fieldCommitments. */
const FIELD_COMMITMENT_BYTES = 16;

/** The record of field commitments is built in canonical key order, so records holding it are written natively. */
const FIELDS_IN_KEY_ORDER = [...MATCHING_FIELDS].sort();

/**
 * Commits to a normalised side with the pair key. The UETR is inside every commitment so equal values of two
 * different payments give unrelated commitments, and the key keeps an outsider from testing guesses.
 * `canonicalSide` is canonicalJson(side), which the batch's validation has already written.
 *
 * The committed texts are canonicalJson({uetr, field, value}) and canonicalJson({uetr, side}), written out here
 * with their keys in canonical order: walking those small objects with the general serialiser cost each
 * endorser more than the HMACs themselves (twelve per side), in a profile of a busy chaincode server.
 */
export function commitSide(pairKey: Uint8Array, side: PaymentSide, canonicalSide: string): SideCommitments {
  const uetr = JSON.stringify(side.uetr);
  const fieldCommitments = Object.fromEntries(FIELDS_IN_KEY_ORDER.map((field) => [
    field,
    keyedCommitment(pairKey, `{"field":"${field}","uetr":${uetr},"value":${canonicalJson(matchingValue(side, field))}}`, FIELD_COMMITMENT_BYTES),
  ])) as Record<MatchingField, string>;
  return { fieldCommitments, sideCommitment: keyedCommitment(pairKey, `{"side":${canonicalSide},"uetr":${uetr}}`) };
}
