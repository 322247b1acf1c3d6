/** pacs.002 (FIToFIPmtStsRpt) into status-report records, one per TxInfAndSts. */
import { checkText, checkUetr } from './fields';
import { Problems } from './ingest-error';
import {
  assertTransactionCount, expectType, Fields, parseIsoMessage, readMessageHeader, withoutUndefined,
  type IsoMessage, type MessageHeader, type ParseOptions,
} from './iso-xml';

export interface StatusReport {
  /** The UETR of the payment the status is about. */
  readonly originalUetr: string;
  readonly originalEndToEndId?: string;
  readonly originalInstructionId?: string;
  /** MsgId of the message that carried the payment. */
  readonly originalMessageId: string;
  /** e.g. pacs.008.001.08 */
  readonly originalMessageNameId?: string;
  /** ExternalPaymentTransactionStatus1Code: ACCC, ACSC, ACSP, ACTC, PDNG, RJCT, BLCK, … */
  readonly transactionStatus: string;
  /** StsRsnInf/Rsn/Cd (AC01, AM04, …) of the first reason given. */
  readonly reasonCode?: string;
  readonly reasonProprietary?: string;
  readonly additionalInformation?: string;
}

export interface StatusReportsResult {
  readonly kind: 'status-reports';
  readonly header: MessageHeader;
  /** OrgnlGrpInfAndSts/GrpSts when given (e.g. RJCT of the whole original message). */
  readonly groupStatus?: string;
  readonly reports: readonly StatusReport[];
}

const STATUS_CODE = /^[A-Z0-9]{4}$/;
const max35 = (value: string) => checkText(value, 35);
const code4 = (value: string) => (STATUS_CODE.test(value) ? { value } : { reason: `${JSON.stringify(value.slice(0, 40))} is not a 4-character code` });

export function parsePacs002(input: string | Uint8Array, options: ParseOptions = {}): StatusReportsResult {
  return readStatusReports(expectType(parseIsoMessage(input, options), 'pacs.002'), options);
}

/**
 * Reads every TxInfAndSts. A status names its payment by OrgnlUETR, so one without it is refused; the
 * original message id comes from the transaction's OrgnlGrpInf or, failing that, the one
 * OrgnlGrpInfAndSts. A report with only a group status names no payment and is refused.
 */
export function readStatusReports(message: IsoMessage, options: ParseOptions = {}): StatusReportsResult {
  const count = message.message.children.filter((child) => child.name === 'TxInfAndSts').length;
  assertTransactionCount(count, message, options, 'TxInfAndSts');
  const headerProblems = Problems.start(message.context);
  const { header, messageId } = readMessageHeader(message, headerProblems);
  const problems = headerProblems.withMessageId(messageId);
  const root = new Fields(message.message, '', problems);
  const groups = root.all('OrgnlGrpInfAndSts');
  const group = groups.length === 1 ? groups[0] : undefined;
  const groupMessageId = group?.value('OrgnlMsgId', max35, true);
  const groupMessageNameId = group?.value('OrgnlMsgNmId', max35, true);
  const groupStatus = group?.value('GrpSts', code4);

  const transactions = root.all('TxInfAndSts');
  if (transactions.length === 0) problems.add('TxInfAndSts', 'the report has no TxInfAndSts: a group status alone names no payment');
  const reports = transactions.map((found, index): StatusReport | undefined => {
    const tx = new Fields(found.element, found.path, problems.forTransaction(index));
    const before = tx.problems.count;
    const originalUetr = tx.value('OrgnlUETR', checkUetr, true);
    const originalMessageId = tx.value('OrgnlGrpInf/OrgnlMsgId', max35) ?? groupMessageId;
    if (originalMessageId === undefined && tx.find('OrgnlGrpInf/OrgnlMsgId') === undefined) {
      tx.problems.add(tx.pathOf('OrgnlGrpInf/OrgnlMsgId'), groups.length > 1
        ? 'is missing, and the report has several OrgnlGrpInfAndSts to choose from'
        : 'is missing (neither here nor in OrgnlGrpInfAndSts)');
    }
    const transactionStatus = tx.value('TxSts', code4, true);
    const reason = tx.all('StsRsnInf')[0];
    const report = {
      originalUetr,
      originalEndToEndId: tx.value('OrgnlEndToEndId', max35),
      originalInstructionId: tx.value('OrgnlInstrId', max35),
      originalMessageId,
      originalMessageNameId: tx.value('OrgnlGrpInf/OrgnlMsgNmId', max35) ?? groupMessageNameId,
      transactionStatus,
      reasonCode: reason?.value('Rsn/Cd', code4),
      reasonProprietary: reason?.value('Rsn/Prtry', max35),
      additionalInformation: reason?.all('AddtlInf').map((line) => line.value('', (v) => checkText(v, 105)) ?? '').join(' ') || undefined,
    };
    if (tx.problems.count > before || originalUetr === undefined || originalMessageId === undefined || transactionStatus === undefined) return undefined;
    return withoutUndefined<StatusReport>({ ...report, originalUetr, originalMessageId, transactionStatus });
  });
  problems.throwIfAny('INVALID');
  if (header === undefined) throw new Error('a message without problems has a header');
  return {
    kind: 'status-reports',
    header,
    ...(groupStatus === undefined ? {} : { groupStatus }),
    reports: reports.filter((report): report is StatusReport => report !== undefined),
  };
}
