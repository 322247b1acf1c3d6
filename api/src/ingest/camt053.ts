/**
 * camt.053 (BkToCstmrStmt/Stmt) and camt.054 (BkToCstmrDbtCdtNtfctn/Ntfctn) into statement-entry records: the
 * bank-account view of payments, matched later to payment sides by UETR, then EndToEndId, then references.
 */
import { checkBic, checkCode, checkDate, checkDateTime, checkText, checkUetr, type Checked } from './fields';
import { Problems, refuse } from './ingest-error';
import {
  assertTransactionCount, expectType, Fields, parseIsoMessage, readMessageHeader, withoutUndefined,
  type IsoMessage, type MessageHeader, type ParseOptions,
} from './iso-xml';
import { readMoney } from './pacs008';

export type StatementMessageType = 'camt.053' | 'camt.054';
export type EntryStatus = 'BOOK' | 'PDNG' | 'INFO' | 'FUTR';
export type CreditDebit = 'CRDT' | 'DBIT';

const ENTRY_STATUSES: readonly EntryStatus[] = ['BOOK', 'PDNG', 'INFO', 'FUTR'];
const CREDIT_DEBIT: readonly CreditDebit[] = ['CRDT', 'DBIT'];

export interface StatementEntry {
  readonly messageType: StatementMessageType;
  /** Stmt/Id (camt.053) or Ntfctn/Id (camt.054). */
  readonly statementId: string;
  readonly electronicSequenceNumber?: string;
  /** Acct/Id/IBAN or Acct/Id/Othr/Id. */
  readonly account: string;
  /** 0-based position of the Ntry in its statement. */
  readonly entryIndex: number;
  /** 0-based position of the TxDtls, when a batch entry has several (one record each). */
  readonly transactionDetailIndex?: number;
  /** NtryRef, else the entry's AcctSvcrRef. */
  readonly entryReference?: string;
  readonly accountServicerReference?: string;
  /** Unsigned, normalised to the currency's minor units; the TxDtls amount for a batch entry's detail. */
  readonly amount: string;
  readonly currency: string;
  readonly creditDebit: CreditDebit;
  readonly reversal: boolean;
  readonly status: EntryStatus;
  /** YYYY-MM-DD (the date part of a DtTm). */
  readonly bookingDate?: string;
  readonly valueDate?: string;
  /** `Domn/Fmly/SubFmly` codes joined by '/', e.g. PMNT/RCDT/XBCT, or the proprietary code. */
  readonly bankTransactionCode?: string;
  readonly uetr?: string;
  readonly endToEndId?: string;
  readonly instructionId?: string;
  readonly transactionId?: string;
  readonly clearingSystemReference?: string;
  /** RltdAgts, for matching on the counterparty when no reference matches. */
  readonly debtorAgentBic?: string;
  readonly creditorAgentBic?: string;
}

export interface StatementInfo {
  readonly statementId: string;
  readonly account: string;
  readonly electronicSequenceNumber?: string;
  readonly pageNumber?: string;
  readonly lastPage?: boolean;
  readonly entryCount: number;
}

export interface StatementEntriesResult {
  readonly kind: 'statement-entries';
  readonly header: MessageHeader;
  readonly statements: readonly StatementInfo[];
  readonly entries: readonly StatementEntry[];
}

const max35 = (value: string) => checkText(value, 35);
const STATEMENT_ELEMENT: Readonly<Record<StatementMessageType, string>> = { 'camt.053': 'Stmt', 'camt.054': 'Ntfctn' };

function checkBoolean(value: string): Checked<'true' | 'false'> {
  if (value === 'true' || value === '1') return { value: 'true' };
  if (value === 'false' || value === '0') return { value: 'false' };
  return { reason: `${JSON.stringify(value.slice(0, 40))} is not a boolean` };
}

/** A DateAndDateTime2Choice: Dt, or the date part of DtTm. */
function readDate(fields: Fields, relative: string): string | undefined {
  const date = fields.value(`${relative}/Dt`, checkDate);
  if (date !== undefined) return date;
  const dateTime = fields.value(`${relative}/DtTm`, checkDateTime);
  return dateTime?.slice(0, 10);
}

/** `<Sts>BOOK</Sts>` up to version 06, `<Sts><Cd>BOOK</Cd></Sts>` from 07. */
function readStatus(entry: Fields): EntryStatus | undefined {
  const status = entry.find('Sts');
  if (status === undefined) {
    entry.problems.add(entry.pathOf('Sts'), 'is missing');
    return undefined;
  }
  const check = (value: string) => checkCode(value, ENTRY_STATUSES);
  return status.element.children.length > 0 ? entry.value('Sts/Cd', check, true) : entry.value('Sts', check, true);
}

function readBankTransactionCode(entry: Fields): string | undefined {
  const domain = entry.value('BkTxCd/Domn/Cd', (v) => checkText(v, 4));
  if (domain !== undefined) {
    const family = entry.value('BkTxCd/Domn/Fmly/Cd', (v) => checkText(v, 4));
    const subFamily = entry.value('BkTxCd/Domn/Fmly/SubFmlyCd', (v) => checkText(v, 4));
    return [domain, family, subFamily].filter((code) => code !== undefined).join('/');
  }
  return entry.value('BkTxCd/Prtry/Cd', max35);
}

export function parseCamt053(input: string | Uint8Array, options: ParseOptions = {}): StatementEntriesResult {
  return readStatementEntries(expectType(parseIsoMessage(input, options), 'camt.053'), options);
}

export function parseCamt054(input: string | Uint8Array, options: ParseOptions = {}): StatementEntriesResult {
  return readStatementEntries(expectType(parseIsoMessage(input, options), 'camt.054'), options);
}

/**
 * Reads every Ntry of every Stmt (Ntfctn). An entry with several TxDtls (batch booking) gives one record per
 * TxDtls, each with its own amount and references, so that each can meet its own payment.
 */
export function readStatementEntries(message: IsoMessage, options: ParseOptions = {}): StatementEntriesResult {
  const type = message.definition.type;
  if (type !== 'camt.053' && type !== 'camt.054') {
    return refuse('UNSUPPORTED', `${message.definition.id} carries no statement entries`, message.context, 'Document');
  }
  const statementName = STATEMENT_ELEMENT[type];
  const entryCount = message.message.children
    .filter((child) => child.name === statementName)
    .reduce((sum, statement) => sum + statement.children.filter((child) => child.name === 'Ntry').length, 0);
  assertTransactionCount(entryCount, message, options, 'Ntry');

  const headerProblems = Problems.start(message.context);
  const { header, messageId } = readMessageHeader(message, headerProblems);
  const problems = headerProblems.withMessageId(messageId);
  const root = new Fields(message.message, '', problems);
  const statements: StatementInfo[] = [];
  const entries: StatementEntry[] = [];
  const statementFields = root.all(statementName);
  if (statementFields.length === 0) problems.add(statementName, 'is missing');

  for (const statement of statementFields) {
    const statementId = statement.value('Id', max35, true);
    const account = statement.value('Acct/Id/IBAN', (v) => checkText(v, 34)) ?? statement.value('Acct/Id/Othr/Id', (v) => checkText(v, 34));
    if (account === undefined && statement.find('Acct/Id') === undefined) problems.add(statement.pathOf('Acct/Id'), 'is missing');
    const electronicSequenceNumber = statement.value('ElctrncSeqNb', (v) => (/^\d{1,18}$/.test(v) ? { value: v } : { reason: 'is not a number' }));
    const lastPage = statement.value('StmtPgntn/LastPgInd', checkBoolean);
    const statementEntries = statement.all('Ntry');
    statements.push(withoutUndefined<StatementInfo>({
      statementId: statementId ?? '',
      account: account ?? '',
      electronicSequenceNumber,
      pageNumber: statement.value('StmtPgntn/PgNb', (v) => (/^\d{1,5}$/.test(v) ? { value: v } : { reason: 'is not a page number' })),
      lastPage: lastPage === undefined ? undefined : lastPage === 'true',
      entryCount: statementEntries.length,
    }));
    statementEntries.forEach((found, entryIndex) => {
      const entry = new Fields(found.element, found.path, problems.forTransaction(entryIndex));
      const before = entry.problems.count;
      const money = readMoney(entry, 'Amt', true);
      const creditDebit = entry.value('CdtDbtInd', (v) => checkCode(v, CREDIT_DEBIT), true);
      const status = readStatus(entry);
      const reversal = entry.value('RvslInd', checkBoolean);
      const accountServicerReference = entry.value('AcctSvcrRef', max35);
      const common = {
        messageType: type,
        statementId: statementId ?? '',
        electronicSequenceNumber,
        account: account ?? '',
        entryIndex,
        entryReference: entry.value('NtryRef', max35) ?? accountServicerReference,
        accountServicerReference,
        currency: money?.currency ?? '',
        creditDebit: creditDebit ?? 'CRDT',
        reversal: reversal === 'true',
        status: status ?? 'BOOK',
        bookingDate: readDate(entry, 'BookgDt'),
        valueDate: readDate(entry, 'ValDt'),
        bankTransactionCode: readBankTransactionCode(entry),
      };
      const details = entry.all('NtryDtls').flatMap((batch) => batch.all('TxDtls'));
      const records = details.length <= 1
        ? [{ ...common, amount: money?.amount ?? '', ...readDetails(details[0], money?.currency, false) }]
        : details.map((detail, transactionDetailIndex) => {
          const read = readDetails(detail, money?.currency, true);
          return { ...common, transactionDetailIndex, ...read, amount: read.amount ?? '' };
        });
      const complete = entry.problems.count === before && statementId !== undefined && account !== undefined
        && money !== undefined && creditDebit !== undefined && status !== undefined;
      if (complete) entries.push(...records.map((record) => withoutUndefined<StatementEntry>(record)));
    });
  }
  problems.throwIfAny('INVALID');
  if (header === undefined) throw new Error('a message without problems has a header');
  return { kind: 'statement-entries', header, statements, entries };
}

/** References (and, for a batch entry, the amount) of one TxDtls. */
function readDetails(detail: Fields | undefined, entryCurrency: string | undefined, needsAmount: boolean): Partial<StatementEntry> {
  if (detail === undefined) return {};
  const amount = detail.find('Amt') !== undefined ? readMoney(detail, 'Amt', true) : readMoney(detail, 'AmtDtls/TxAmt/Amt', needsAmount);
  if (amount !== undefined && entryCurrency !== undefined && needsAmount && amount.currency !== entryCurrency) {
    detail.problems.add(detail.pathOf('Amt/@Ccy'), `is ${amount.currency} but the entry is in ${entryCurrency}`);
  }
  return {
    ...(needsAmount && amount !== undefined ? { amount: amount.amount } : {}),
    uetr: detail.value('Refs/UETR', checkUetr),
    endToEndId: detail.value('Refs/EndToEndId', max35),
    instructionId: detail.value('Refs/InstrId', max35),
    transactionId: detail.value('Refs/TxId', max35),
    clearingSystemReference: detail.value('Refs/ClrSysRef', max35),
    debtorAgentBic: detail.value('RltdAgts/DbtrAgt/FinInstnId/BICFI', checkBic),
    creditorAgentBic: detail.value('RltdAgts/CdtrAgt/FinInstnId/BICFI', checkBic),
  };
}
