/**
 * Ingestion of bank messages into the records bayrecon submits: payment sides (pacs.008, pacs.009, CSV),
 * status reports (pacs.002) and statement entries (camt.053, camt.054). Pure functions: no I/O, no Fabric,
 * no database. Everything refused is refused with an IngestError listing each problem and where it is.
 */
import { parseIsoMessage } from './iso-xml';
import { readStatementEntries, type StatementEntriesResult } from './camt053';
import { readStatusReports, type StatusReportsResult } from './pacs002';
import { readCreditTransfers, type PaymentIngestOptions, type PaymentSidesResult } from './pacs008';

export type IngestResult = PaymentSidesResult | StatusReportsResult | StatementEntriesResult;

/**
 * Parses any supported ISO 20022 message, telling its type from the Document namespace (or AppHdr/MsgDefIdr).
 * `ownBics` is needed to decide the side of payment transactions and ignored for the other types.
 */
export function ingestIsoMessage(input: string | Uint8Array, options: PaymentIngestOptions): IngestResult {
  const message = parseIsoMessage(input, options);
  switch (message.definition.type) {
    case 'pacs.008':
    case 'pacs.009':
      return readCreditTransfers(message, options);
    case 'pacs.002':
      return readStatusReports(message, options);
    case 'camt.053':
    case 'camt.054':
      return readStatementEntries(message, options);
  }
}

export { IngestError, type IngestErrorKind, type IngestProblem } from './ingest-error';
export { DEFAULT_LIMITS, type IngestLimits } from './xml-guard';
export { parseIsoMessage, type BusinessHeader, type IsoMessage, type IsoMessageType, type MessageDefinition, type MessageHeader, type ParseOptions } from './iso-xml';
export { type IngestedSide, type PartyDetails, type SettlementMethod } from './ingested-side';
export { parsePacs008, type PaymentIngestOptions, type PaymentSidesResult } from './pacs008';
export { parsePacs009 } from './pacs009';
export { parsePacs002, type StatusReport, type StatusReportsResult } from './pacs002';
export { parseCamt053, parseCamt054, type CreditDebit, type EntryStatus, type StatementEntriesResult, type StatementEntry, type StatementInfo } from './camt053';
export { CSV_COLUMNS, REQUIRED_CSV_COLUMNS, parsePaymentSidesCsv, type CsvColumn, type CsvIngestOptions } from './csv';
export { buildPacs008, type Pacs008Build, type Pacs008Transaction } from './pacs008-builder';
