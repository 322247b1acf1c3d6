import { randomBytes, randomUUID } from 'node:crypto';
import { PaymentRecord, PaymentSide, PaymentsChangedEvent, paymentEndorsingOrgs } from '@bayrecon/common';
import { OrgConnection } from '../../network/client/org-gateway';

/** A fresh UETR: a random lower-case UUIDv4, so tests never collide with earlier runs on a reused network. */
export const newUetr = (): string => randomUUID();

/** The debtor agent's (SZBank's) side of an SZ->HK payment; override any field. */
export function szDebtorSide(uetr: string, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return {
    uetr,
    side: 'DEBTOR_AGENT',
    counterpartyOrg: 'HKBankMSP',
    messageType: 'pacs.008',
    endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: 'SZBKCNBSXXX',
    instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX',
    creditorAgentBic: 'HKBKHKHHXXX',
    interbankSettlementAmount: { amount: '125000.50', currency: 'HKD' },
    interbankSettlementDate: '2026-11-20',
    chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Precision Parts Co Ltd',
    debtorAccount: '6222020200112233445',
    creditorName: 'Kowloon Components Trading Ltd',
    creditorAccount: '012-345678-001',
    remittanceInformation: `INV-${uetr.slice(0, 8)}`,
    ...overrides,
  };
}

/** The creditor agent's (HKBank's) side of the same payment, identical in every matching field. */
export function hkCreditorSide(uetr: string, overrides: Partial<PaymentSide> = {}): PaymentSide {
  return szDebtorSide(uetr, { side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP', ...overrides });
}

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

/** Submits a batch of the connection's own sides, details in the transient map, endorsed by the pair's banks. */
export async function submitSides(connection: OrgConnection, sides: PaymentSide[]): Promise<PaymentsChangedEvent> {
  return decode(await connection.contract.submit('payment:submitSides', {
    transientData: { sides: JSON.stringify(sides), pairKeyProposal: randomBytes(32).toString('base64') },
    endorsingOrganizations: paymentEndorsingOrgs(connection.mspId, sides[0].counterpartyOrg),
  }));
}

export async function getPayment(connection: OrgConnection, uetr: string): Promise<PaymentRecord> {
  return decode(await connection.contract.evaluateTransaction('payment:getPayment', uetr));
}

/** The chaincode's own message out of a refused endorsement or evaluation (fabric-gateway puts it in details). */
export function ledgerMessage(error: unknown): string {
  const details = (error as { details?: { message: string }[] }).details ?? [];
  return [(error as Error).message, ...details.map((detail) => detail.message)].join('\n');
}

/** The ledger's message when the promise is refused; fails the test when it is not. */
export async function ledgerRefusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return ledgerMessage(error);
  }
  throw new Error('expected the ledger to refuse');
}
