import { PaymentSide, orgOfBic, validatePaymentSide } from '@bayrecon/common';
import { Problem } from '../errors/domain-errors';
import type { IngestedSide } from './ingested-side';

/**
 * The ledger's shape of a side read from ISO 20022 or CSV, before validation: flat party fields, the
 * counterparty as the org that owns its BIC. References the ledger does not match on (InstrId, TxId, settlement
 * method, clearing system) stay out: the chaincode would refuse them as unknown fields.
 */
export function toLedgerSide(ingested: IngestedSide): Record<string, unknown> {
  const optional: Record<string, unknown> = {
    instructedAmount: ingested.instructedAmount && { ...ingested.instructedAmount },
    exchangeRate: ingested.exchangeRate,
    chargeBearer: ingested.chargeBearer,
    debtorName: ingested.debtor?.name,
    debtorAccount: ingested.debtor?.account,
    creditorName: ingested.creditor?.name,
    creditorAccount: ingested.creditor?.account,
    remittanceInformation: ingested.remittanceInformation,
    purpose: ingested.purpose,
  };
  return {
    uetr: ingested.uetr,
    side: ingested.side,
    // An unknown BIC is left as it is, so the validation names it in its refusal.
    counterpartyOrg: orgOfBic(ingested.counterpartyBic) ?? ingested.counterpartyBic,
    messageType: ingested.messageType,
    endToEndId: ingested.endToEndId,
    instructingAgentBic: ingested.instructingAgentBic,
    instructedAgentBic: ingested.instructedAgentBic,
    debtorAgentBic: ingested.debtorAgentBic,
    creditorAgentBic: ingested.creditorAgentBic,
    interbankSettlementAmount: { ...ingested.interbankSettlementAmount },
    interbankSettlementDate: ingested.interbankSettlementDate,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** Where a side came from in its request, to locate problems the way the sender would look for them. */
export interface SideOrigin {
  /** Path prefix of the record, e.g. `sides[3]`, `CdtTrfTxInf[3]` or `row[3]`. */
  path: string;
  messageIndex?: number;
  transactionIndex?: number;
}

export type SidesValidation = { ok: true; sides: PaymentSide[] } | { ok: false; problems: Problem[] };

/**
 * Validates and normalises sides exactly as the chaincode will, as submitted by `submitterOrg` (this instance's
 * org, never the payload's): field formats, and that each side is the submitter's own with a member bank as
 * the counterparty. Every problem of every side is reported.
 */
export function validateSides(raw: readonly unknown[], submitterOrg: string, origins: readonly SideOrigin[]): SidesValidation {
  const problems: Problem[] = [];
  const sides: PaymentSide[] = [];
  raw.forEach((candidate, index) => {
    const origin = origins[index];
    const validation = validatePaymentSide(candidate, submitterOrg, origin.path);
    if (validation.ok) {
      sides.push(validation.side);
      return;
    }
    for (const issue of validation.issues) {
      problems.push({
        ...(origin.messageIndex === undefined ? {} : { messageIndex: origin.messageIndex }),
        ...(origin.transactionIndex === undefined ? {} : { transactionIndex: origin.transactionIndex }),
        path: issue.path,
        reason: issue.reason,
      });
    }
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, sides };
}
