/**
 * CSV of payment sides, for back offices that cannot produce ISO 20022 XML. RFC 4180: comma-separated,
 * fields with commas, quotes or line breaks in double quotes, a quote inside doubled; CRLF or LF; UTF-8 with or
 * without BOM. The first row names the columns (any order; optional columns may be left out).
 *
 * Columns (required ones marked *), each meaning what the payment-side field of the same name means:
 *   uetr*, messageType* (pacs.008 | pacs.009), endToEndId*, instructionId, transactionId,
 *   instructingAgentBic*, instructedAgentBic*, debtorAgentBic*, creditorAgentBic*,
 *   interbankSettlementAmount*, interbankSettlementCurrency*, interbankSettlementDate* (YYYY-MM-DD),
 *   instructedAmount, instructedCurrency, exchangeRate, chargeBearer (DEBT | CRED | SHAR | SLEV),
 *   debtorName, debtorAccount, creditorName, creditorAccount, remittanceInformation, purpose,
 *   settlementMethod (INDA | INGA | COVE | CLRG), clearingSystem
 * The side is not a column: it is decided from the bank's own BICs, as for XML.
 */
import { CHARGE_BEARERS, MESSAGE_TYPES, Money } from '@bayrecon/common';
import {
  checkAmount, checkBic, checkCode, checkCurrency, checkDate, checkRate, checkText, checkUetr, type Checked,
} from './fields';
import { IngestError, Problems, refuse, type IngestProblem, type ProblemContext } from './ingest-error';
import { withoutUndefined } from './iso-xml';
import {
  OwnBics, resolveSide, SETTLEMENT_METHODS, type IngestedSide, type LocatedBic, type PartyDetails,
} from './ingested-side';
import { decodeInput, resolveLimits, type IngestLimits } from './xml-guard';

export const CSV_COLUMNS = [
  'uetr', 'messageType', 'endToEndId', 'instructionId', 'transactionId',
  'instructingAgentBic', 'instructedAgentBic', 'debtorAgentBic', 'creditorAgentBic',
  'interbankSettlementAmount', 'interbankSettlementCurrency', 'interbankSettlementDate',
  'instructedAmount', 'instructedCurrency', 'exchangeRate', 'chargeBearer',
  'debtorName', 'debtorAccount', 'creditorName', 'creditorAccount', 'remittanceInformation', 'purpose',
  'settlementMethod', 'clearingSystem',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = [
  'uetr', 'messageType', 'endToEndId', 'instructingAgentBic', 'instructedAgentBic', 'debtorAgentBic',
  'creditorAgentBic', 'interbankSettlementAmount', 'interbankSettlementCurrency', 'interbankSettlementDate',
];

export interface CsvIngestOptions {
  readonly ownBics: readonly string[];
  readonly limits?: Partial<IngestLimits>;
  readonly document?: string;
  readonly messageIndex?: number;
}

export interface CsvRecord {
  /** 1-based line the record starts on. */
  readonly line: number;
  readonly fields: readonly string[];
}

function isColumn(name: string): name is CsvColumn {
  return (CSV_COLUMNS as readonly string[]).includes(name);
}

/**
 * Splits CSV text into records. Refuses (MALFORMED) an unterminated quoted field or a quote where RFC 4180
 * allows none, and (TOO_LARGE) more than `maxRecords` records; blank lines are skipped.
 */
export function splitCsv(text: string, maxRecords: number, context: ProblemContext = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) {
      records.push({ line: recordLine, fields });
      if (records.length > maxRecords) refuse('TOO_LARGE', `more than ${maxRecords - 1} data rows`, context, '(document)', recordLine);
    }
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field.trim() === '') {
      const quoteLine = line;
      field = '';
      i += 1;
      for (;;) {
        if (i >= text.length) refuse('MALFORMED', 'quoted field is not closed', context, '(document)', quoteLine);
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i += 1;
          break;
        }
        if (text[i] === '\n') line += 1;
        field += text[i];
        i += 1;
      }
      const rest = /^[ \t]*/.exec(text.slice(i, i + 64))?.[0] ?? '';
      i += rest.length;
      if (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        refuse('MALFORMED', 'text after a closing quote (a quote inside a quoted field is written "")', context, '(document)', line);
      }
      continue;
    }
    if (c === '"') refuse('MALFORMED', 'a quote inside an unquoted field (quote the whole field)', context, '(document)', line);
    if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += c;
    }
    i += 1;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * Parses a CSV of payment sides. Every row is checked as its XML counterpart would be; any problem refuses the
 * whole file, each problem naming the row (transactionIndex, 0-based, and line) and the column.
 */
export function parsePaymentSidesCsv(input: string | Uint8Array, options: CsvIngestOptions): IngestedSide[] {
  const limits = resolveLimits(options.limits);
  const context: ProblemContext = withoutUndefined({ document: options.document, messageIndex: options.messageIndex });
  const own = new OwnBics(options.ownBics);
  const text = decodeInput(input, limits, context);
  const records = splitCsv(text, limits.maxTransactions + 1, context);
  if (records.length === 0) refuse('INVALID', 'the file is empty; a header row is required', context);
  const [header, ...rows] = records;
  const columns = readHeader(header, context);
  if (rows.length === 0) refuse('INVALID', 'the file has a header but no rows', context);

  const problems = Problems.start(context);
  const sides = rows.map((row, index) => readRow(row, columns, own, problems.forTransaction(index, row.line)));
  const seen = new Map<string, number>();
  sides.forEach((side, index) => {
    if (side === undefined) return;
    const first = seen.get(side.uetr);
    if (first === undefined) seen.set(side.uetr, index);
    else problems.forTransaction(index).add('uetr', `repeats the UETR of row ${first}`, rows[index].line);
  });
  problems.throwIfAny('INVALID');
  return sides.filter((side): side is IngestedSide => side !== undefined);
}

function readHeader(header: CsvRecord, context: ProblemContext): ReadonlyMap<CsvColumn, number> {
  const columns = new Map<CsvColumn, number>();
  const problems: IngestProblem[] = [];
  const add = (path: string, reason: string): void => { problems.push({ ...context, line: header.line, path, reason }); };
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (!isColumn(name)) add(name.slice(0, 40) || `(column ${index})`, 'is not a known column');
    else if (columns.has(name)) add(name, 'appears twice in the header');
    else columns.set(name, index);
  });
  for (const required of REQUIRED_CSV_COLUMNS) if (!columns.has(required)) add(required, 'required column is missing from the header');
  if (problems.length > 0) throw new IngestError('INVALID', problems);
  return columns;
}

function readRow(row: CsvRecord, columns: ReadonlyMap<CsvColumn, number>, own: OwnBics, problems: Problems): IngestedSide | undefined {
  const before = problems.count;
  if (row.fields.length !== columns.size) {
    problems.add('(row)', `has ${row.fields.length} fields; the header has ${columns.size}`);
    return undefined;
  }
  const cell = (column: CsvColumn): string | undefined => {
    const index = columns.get(column);
    const value = index === undefined ? undefined : row.fields[index].trim();
    return value === '' ? undefined : value;
  };
  function get<T extends string>(column: CsvColumn, check: (value: string) => Checked<T>, required = false): T | undefined {
    const value = cell(column);
    if (value === undefined) {
      if (required) problems.add(column, 'is empty');
      return undefined;
    }
    const result = check(value);
    if ('reason' in result) {
      problems.add(column, result.reason);
      return undefined;
    }
    return result.value;
  }
  const money = (amountColumn: CsvColumn, currencyColumn: CsvColumn, required: boolean): Money | undefined => {
    const currency = get(currencyColumn, checkCurrency, required);
    const amount = currency === undefined ? undefined : get(amountColumn, (v) => checkAmount(v, currency), required);
    if (!required && (cell(amountColumn) === undefined) !== (cell(currencyColumn) === undefined)) {
      problems.add(cell(amountColumn) === undefined ? amountColumn : currencyColumn, `${amountColumn} and ${currencyColumn} go together`);
    }
    return amount === undefined || currency === undefined ? undefined : { amount, currency };
  };
  const bic = (column: CsvColumn): LocatedBic | undefined => {
    const value = get(column, checkBic, true);
    return value === undefined ? undefined : { bic: value, path: column };
  };
  const text = (max: number) => (value: string) => checkText(value, max);

  const uetr = get('uetr', checkUetr, true);
  const messageType = get('messageType', (v) => checkCode(v, MESSAGE_TYPES), true);
  const endToEndId = get('endToEndId', text(35), true);
  const instructingAgent = bic('instructingAgentBic');
  const instructedAgent = bic('instructedAgentBic');
  const debtorAgent = bic('debtorAgentBic');
  const creditorAgent = bic('creditorAgentBic');
  const settlementAmount = money('interbankSettlementAmount', 'interbankSettlementCurrency', true);
  const settlementDate = get('interbankSettlementDate', checkDate, true);
  const party = (name: string | undefined, account: string | undefined): PartyDetails | undefined =>
    (name === undefined && account === undefined ? undefined : withoutUndefined({ name, account }));
  const optional = {
    instructionId: get('instructionId', text(35)),
    transactionId: get('transactionId', text(35)),
    instructedAmount: money('instructedAmount', 'instructedCurrency', false),
    exchangeRate: get('exchangeRate', checkRate),
    chargeBearer: get('chargeBearer', (v) => checkCode(v, CHARGE_BEARERS)),
    debtor: party(get('debtorName', text(140)), get('debtorAccount', text(34))),
    creditor: party(get('creditorName', text(140)), get('creditorAccount', text(34))),
    remittanceInformation: get('remittanceInformation', text(140)),
    purpose: get('purpose', text(35)),
    settlementMethod: get('settlementMethod', (v) => checkCode(v, SETTLEMENT_METHODS)),
    clearingSystem: get('clearingSystem', text(35)),
  };
  if (problems.count > before || uetr === undefined || messageType === undefined || endToEndId === undefined
    || instructingAgent === undefined || instructedAgent === undefined || debtorAgent === undefined || creditorAgent === undefined
    || settlementAmount === undefined || settlementDate === undefined) {
    return undefined;
  }
  const resolved = resolveSide(own, { debtorAgent, creditorAgent, instructingAgent, instructedAgent }, problems, '(row)');
  if (resolved === undefined) return undefined;
  return withoutUndefined<IngestedSide>({
    uetr,
    side: resolved.side,
    messageType,
    endToEndId,
    instructingAgentBic: instructingAgent.bic,
    instructedAgentBic: instructedAgent.bic,
    debtorAgentBic: debtorAgent.bic,
    creditorAgentBic: creditorAgent.bic,
    counterpartyBic: resolved.counterpartyBic,
    interbankSettlementAmount: settlementAmount,
    interbankSettlementDate: settlementDate,
    ...optional,
  });
}
