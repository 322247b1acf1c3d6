/**
 * Writes pacs.008.001.08 messages (CBPR+ element order) from payment fields: for the demo's batches, and for
 * tests that check that what is written is what is read back. Every value is escaped.
 */
export interface Pacs008Transaction {
  readonly uetr: string;
  readonly endToEndId: string;
  readonly instructionId?: string;
  readonly transactionId?: string;
  readonly amount: string;
  readonly currency: string;
  /** Omit to rely on GrpHdr/IntrBkSttlmDt. */
  readonly settlementDate?: string;
  readonly instructedAmount?: { readonly amount: string; readonly currency: string };
  readonly exchangeRate?: string;
  readonly chargeBearer?: string;
  readonly instructingAgentBic?: string;
  readonly instructedAgentBic?: string;
  readonly debtorAgentBic: string;
  readonly creditorAgentBic: string;
  readonly debtorName?: string;
  readonly debtorAccount?: string;
  readonly creditorName?: string;
  readonly creditorAccount?: string;
  readonly remittanceInformation?: string;
  readonly purpose?: string;
}

export interface Pacs008Build {
  readonly messageId: string;
  readonly creationDateTime: string;
  readonly settlementMethod: string;
  readonly clearingSystem?: string;
  readonly groupSettlementDate?: string;
  /** Written when given: the sum of the transactions' amounts, in their one currency. */
  readonly total?: { readonly amount: string; readonly currency: string };
  /** NbOfTxs as written; defaults to the number of transactions. */
  readonly numberOfTransactions?: string;
  /** When given, an AppHdr is written and AppHdr + Document are wrapped in a BusMsgEnvlp. */
  readonly appHdr?: { readonly fromBic: string; readonly toBic: string; readonly businessMessageId?: string; readonly businessService?: string };
  /** Namespace prefix for the Document's elements (e.g. 'doc'); none by default. */
  readonly prefix?: string;
  readonly transactions: readonly Pacs008Transaction[];
}

const DOCUMENT_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08';
const HEAD_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:head.001.001.02';

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

type Content = string | readonly (string | undefined)[];

/** Writes the XML of pacs.008 message described by `build`. */
export function buildPacs008(build: Pacs008Build): string {
  const p = build.prefix === undefined ? '' : `${build.prefix}:`;
  const el = (name: string, content: Content | undefined, attributes = ''): string | undefined => {
    if (content === undefined) return undefined;
    const inner = typeof content === 'string' ? escapeXml(content) : content.filter((part) => part !== undefined).join('');
    return `<${p}${name}${attributes}>${inner}</${p}${name}>`;
  };
  const amount = (name: string, money: { readonly amount: string; readonly currency: string } | undefined) =>
    money === undefined ? undefined : el(name, money.amount, ` Ccy="${escapeXml(money.currency)}"`);
  const agent = (name: string, bic: string | undefined) => (bic === undefined ? undefined : el(name, [el('FinInstnId', [el('BICFI', bic)])]));
  const account = (name: string, id: string | undefined) => (id === undefined ? undefined : el(name, [el('Id', [el('Othr', [el('Id', id)])])]));
  const party = (name: string, partyName: string | undefined) => (partyName === undefined ? undefined : el(name, [el('Nm', partyName)]));

  const groupHeader = el('GrpHdr', [
    el('MsgId', build.messageId),
    el('CreDtTm', build.creationDateTime),
    el('NbOfTxs', build.numberOfTransactions ?? String(build.transactions.length)),
    amount('TtlIntrBkSttlmAmt', build.total),
    el('IntrBkSttlmDt', build.groupSettlementDate),
    el('SttlmInf', [el('SttlmMtd', build.settlementMethod), build.clearingSystem === undefined ? undefined : el('ClrSys', [el('Cd', build.clearingSystem)])]),
  ]);
  const transactions = build.transactions.map((tx) => el('CdtTrfTxInf', [
    el('PmtId', [el('InstrId', tx.instructionId), el('EndToEndId', tx.endToEndId), el('TxId', tx.transactionId), el('UETR', tx.uetr)]),
    amount('IntrBkSttlmAmt', { amount: tx.amount, currency: tx.currency }),
    el('IntrBkSttlmDt', tx.settlementDate),
    amount('InstdAmt', tx.instructedAmount),
    el('XchgRate', tx.exchangeRate),
    el('ChrgBr', tx.chargeBearer),
    agent('InstgAgt', tx.instructingAgentBic),
    agent('InstdAgt', tx.instructedAgentBic),
    party('Dbtr', tx.debtorName),
    account('DbtrAcct', tx.debtorAccount),
    agent('DbtrAgt', tx.debtorAgentBic),
    agent('CdtrAgt', tx.creditorAgentBic),
    party('Cdtr', tx.creditorName),
    account('CdtrAcct', tx.creditorAccount),
    tx.purpose === undefined ? undefined : el('Purp', [el('Cd', tx.purpose)]),
    tx.remittanceInformation === undefined ? undefined : el('RmtInf', [el('Ustrd', tx.remittanceInformation)]),
  ]));
  const xmlns = build.prefix === undefined ? `xmlns="${DOCUMENT_NAMESPACE}"` : `xmlns:${build.prefix}="${DOCUMENT_NAMESPACE}"`;
  const document = `<${p}Document ${xmlns}>${el('FIToFICstmrCdtTrf', [groupHeader, ...transactions]) ?? ''}</${p}Document>`;
  if (build.appHdr === undefined) return `<?xml version="1.0" encoding="UTF-8"?>\n${document}\n`;
  const h = build.appHdr;
  const fi = (bic: string) => `<FIId><FinInstnId><BICFI>${escapeXml(bic)}</BICFI></FinInstnId></FIId>`;
  const appHdr = `<AppHdr xmlns="${HEAD_NAMESPACE}"><Fr>${fi(h.fromBic)}</Fr><To>${fi(h.toBic)}</To>`
    + `<BizMsgIdr>${escapeXml(h.businessMessageId ?? build.messageId)}</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr>`
    + `<BizSvc>${escapeXml(h.businessService ?? 'swift.cbprplus.02')}</BizSvc><CreDt>${escapeXml(build.creationDateTime)}</CreDt></AppHdr>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<BusMsgEnvlp xmlns="urn:swift:xsd:envelope">${appHdr}${document}</BusMsgEnvlp>\n`;
}
