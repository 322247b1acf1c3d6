/** pacs.009 (FICdtTrf), bank-to-bank transfers (including cover payments), into payment sides. */
import { expectType, parseIsoMessage } from './iso-xml';
import { readCreditTransfers, type PaymentIngestOptions, type PaymentSidesResult } from './pacs008';

/**
 * Parses a pacs.009 message; refuses any other type. Dbtr and Cdtr are financial institutions: when no
 * DbtrAgt/CdtrAgt is named they stand as the debtor and creditor agents of the payment side. A COV message's
 * UndrlygCstmrCdtTrf is not read: the covered pacs.008 is reconciled under its own UETR.
 */
export function parsePacs009(input: string | Uint8Array, options: PaymentIngestOptions): PaymentSidesResult {
  return readCreditTransfers(expectType(parseIsoMessage(input, options), 'pacs.009'), options);
}
