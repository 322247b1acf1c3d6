import {
  Acceptance, MATCHING_FIELDS, MatchDecision, MatchingField, PaymentStatus, PublicSide, SideName,
} from '@bayrecon/common';

/** What the ledger concludes about a payment from its sides' commitments. */
export interface Reconciliation {
  status: PaymentStatus;
  differingFields: MatchingField[];
}

export interface ReconciliationInput {
  sides: Partial<Record<SideName, PublicSide>>;
  debtorAgentOrg: string;
  creditorAgentOrg: string;
  acceptances: readonly Acceptance[];
  /** The status before this change; undefined for a new payment. */
  previousStatus?: PaymentStatus;
  /** The decision on the differing fields of these sides, once taken (see tolerance.ts). */
  decision?: MatchDecision;
}

/**
 * Decides a payment's status from its sides alone (a pure function: no ledger access).
 * - One side: PENDING_COUNTERPARTY, or still UNMATCHED if a cut-off has already declared it so.
 * - Both sides: MATCHED when every matching field's commitment is equal; otherwise MATCHED_WITHIN_TOLERANCE when
 *   the decision on them found no discrepancy, else DISCREPANCY naming the fields, or RESOLVED once both banks have
 *   accepted the discrepancy.
 * Equal commitments mean equal normalised values because both banks commit with the same pair key.
 */
export function reconcile(input: ReconciliationInput): Reconciliation {
  const debtorSide = input.sides.DEBTOR_AGENT;
  const creditorSide = input.sides.CREDITOR_AGENT;
  if (debtorSide === undefined || creditorSide === undefined) {
    return {
      status: input.previousStatus === 'UNMATCHED' ? 'UNMATCHED' : 'PENDING_COUNTERPARTY',
      differingFields: [],
    };
  }
  const differingFields = MATCHING_FIELDS.filter(
    (field) => debtorSide.fieldCommitments[field] !== creditorSide.fieldCommitments[field],
  );
  if (differingFields.length === 0) {
    return { status: 'MATCHED', differingFields };
  }
  if (input.decision !== undefined && input.decision.discrepancies.length === 0) {
    return { status: 'MATCHED_WITHIN_TOLERANCE', differingFields };
  }
  const accepted = (org: string): boolean => input.acceptances.some((acceptance) => acceptance.org === org);
  return {
    status: accepted(input.debtorAgentOrg) && accepted(input.creditorAgentOrg) ? 'RESOLVED' : 'DISCREPANCY',
    differingFields,
  };
}
