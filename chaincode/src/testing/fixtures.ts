import { PaymentSide } from '@bayrecon/common';

/** A pair key proposal as the API sends it: base64 of 32 bytes (fixed here, random in the API). */
export const PAIR_KEY_PROPOSAL = Buffer.alloc(32, 7).toString('base64');

/** The UETR of test payment number `n`: a valid lower-case UUIDv4. */
export function uetrOf(n: number): string {
  return `1a2b3c4d-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** SZBank's DEBTOR_AGENT side of an SZ->HK payment of 1,000.00 HKD; override any field. */
export function szDebtorSide(n: number, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return {
    uetr: uetrOf(n),
    side: 'DEBTOR_AGENT',
    counterpartyOrg: 'HKBankMSP',
    messageType: 'pacs.008',
    endToEndId: `E2E-${n}`,
    instructingAgentBic: 'SZBKCNBSXXX',
    instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX',
    creditorAgentBic: 'HKBKHKHHXXX',
    interbankSettlementAmount: { amount: '1000.00', currency: 'HKD' },
    interbankSettlementDate: '2024-05-01',
    chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Widget Co',
    debtorAccount: 'CN001122334455',
    creditorName: 'Kowloon Trading Ltd',
    creditorAccount: 'HK998877665544',
    remittanceInformation: `invoice ${n}`,
    ...overrides,
  };
}

/** HKBank's CREDITOR_AGENT side of the same payment, identical in every matching field. */
export function hkCreditorSide(n: number, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return szDebtorSide(n, { side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP', ...overrides });
}

/** Transient map of a submitSides call. */
export function sidesTransient(sides: unknown[], withProposal = true): Record<string, string> {
  return { sides: JSON.stringify(sides), ...(withProposal ? { pairKeyProposal: PAIR_KEY_PROPOSAL } : {}) };
}
