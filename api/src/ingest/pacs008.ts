/**
 * pacs.008 (FIToFICstmrCdtTrf) into payment sides. The credit-transfer reading here is shared with pacs.009,
 * whose transactions differ only in who the debtor and creditor are (financial institutions) and in having no
 * charge bearer or instructed amount.
 */
import Decimal from 'decimal.js';
import { CHARGE_BEARERS, MessageType, Money } from '@bayrecon/common';
import {
  checkAmount, checkBic, checkCode, checkCurrency, checkDate, checkRate, checkText, checkUetr, quote,
} from './fields';
import { Problems, refuse } from './ingest-error';
import {
  assertTransactionCount, expectType, Fields, parseIsoMessage, readMessageHeader, withoutUndefined,
  type IsoMessage, type MessageHeader, type ParseOptions,
} from './iso-xml';
import {
  OwnBics, resolveSide, SETTLEMENT_METHODS, type IngestedSide, type LocatedBic, type PartyDetails,
} from './ingested-side';

export interface PaymentIngestOptions extends ParseOptions {
  /** The submitting bank's BICs (BIC8 covers all its branches); they decide each transaction's side. */
  readonly ownBics: readonly string[];
}

export interface PaymentSidesResult {
  readonly kind: 'payment-sides';
  readonly header: MessageHeader;
  readonly sides: readonly IngestedSide[];
}

const max35 = (value: string) => checkText(value, 35);
const max34 = (value: string) => checkText(value, 34);
const max140 = (value: string) => checkText(value, 140);

/** Parses a pacs.008 message; refuses any other type. */
export function parsePacs008(input: string | Uint8Array, options: PaymentIngestOptions): PaymentSidesResult {
  return readCreditTransfers(expectType(parseIsoMessage(input, options), 'pacs.008'), options);
}

/** An amount element with its Ccy attribute; the amount is checked against the currency's minor units. */
export function readMoney(fields: Fields, relative: string, required: boolean): Money | undefined {
  const amountText = fields.text(relative, required);
  const element = fields.find(relative);
  if (element === undefined) return undefined;
  const currency = element.checked('@Ccy', element.attribute('Ccy', true), checkCurrency);
  if (amountText === undefined || currency === undefined) return undefined;
  const amount = fields.checked(relative, amountText, (value) => checkAmount(value, currency));
  return amount === undefined ? undefined : { amount, currency };
}

function locatedBic(fields: Fields | undefined, relative: string): LocatedBic | undefined {
  const bic = fields?.value(relative, checkBic);
  return fields === undefined || bic === undefined ? undefined : { bic, path: fields.pathOf(relative) };
}

function readAccount(fields: Fields, relative: string): string | undefined {
  return fields.value(`${relative}/Id/IBAN`, max34) ?? fields.value(`${relative}/Id/Othr/Id`, max34);
}

function party(name: string | undefined, account: string | undefined): PartyDetails | undefined {
  return name === undefined && account === undefined ? undefined : withoutUndefined({ name, account });
}

interface GroupContext {
  readonly messageType: MessageType;
  readonly own: OwnBics;
  readonly groupHeader: Fields | undefined;
  readonly settlementMethod?: IngestedSide['settlementMethod'];
  readonly clearingSystem?: string;
  readonly settlementDate?: string;
}

function readTransaction(tx: Fields, group: GroupContext): IngestedSide | undefined {
  const before = tx.problems.count;
  const isCustomerTransfer = group.messageType === 'pacs.008';
  const uetr = tx.value('PmtId/UETR', checkUetr, true);
  const endToEndId = tx.value('PmtId/EndToEndId', max35, true);
  const instructionId = tx.value('PmtId/InstrId', max35);
  const transactionId = tx.value('PmtId/TxId', max35);
  const settlementAmount = readMoney(tx, 'IntrBkSttlmAmt', true);
  const settlementDate = tx.value('IntrBkSttlmDt', checkDate) ?? group.settlementDate;
  if (settlementDate === undefined && tx.find('IntrBkSttlmDt') === undefined) {
    tx.problems.add(tx.pathOf('IntrBkSttlmDt'), 'is missing (neither in the transaction nor in GrpHdr)');
  }
  const instructedAmount = isCustomerTransfer ? readMoney(tx, 'InstdAmt', false) : undefined;
  const exchangeRate = tx.value('XchgRate', checkRate);
  const chargeBearer = isCustomerTransfer ? tx.value('ChrgBr', (v) => checkCode(v, CHARGE_BEARERS)) : undefined;

  // pacs.009: the debtor and creditor are banks; with no separate agent named, they are their own agents.
  const debtorAgent = locatedBic(tx, 'DbtrAgt/FinInstnId/BICFI') ?? (isCustomerTransfer ? undefined : locatedBic(tx, 'Dbtr/FinInstnId/BICFI'));
  const creditorAgent = locatedBic(tx, 'CdtrAgt/FinInstnId/BICFI') ?? (isCustomerTransfer ? undefined : locatedBic(tx, 'Cdtr/FinInstnId/BICFI'));
  const instructingAgent = locatedBic(tx, 'InstgAgt/FinInstnId/BICFI') ?? locatedBic(group.groupHeader, 'InstgAgt/FinInstnId/BICFI');
  const instructedAgent = locatedBic(tx, 'InstdAgt/FinInstnId/BICFI') ?? locatedBic(group.groupHeader, 'InstdAgt/FinInstnId/BICFI');
  const debtorAgentBic = (debtorAgent ?? instructingAgent)?.bic;
  const creditorAgentBic = (creditorAgent ?? instructedAgent)?.bic;
  if (debtorAgentBic === undefined) tx.problems.add(tx.pathOf('DbtrAgt/FinInstnId/BICFI'), 'no BIC for the debtor agent (DbtrAgt, or InstgAgt)');
  if (creditorAgentBic === undefined) tx.problems.add(tx.pathOf('CdtrAgt/FinInstnId/BICFI'), 'no BIC for the creditor agent (CdtrAgt, or InstdAgt)');
  const resolved = tx.problems.count === before
    ? resolveSide(group.own, { debtorAgent, creditorAgent, instructingAgent, instructedAgent }, tx.problems, tx.path)
    : undefined;

  const debtorName = isCustomerTransfer ? tx.value('Dbtr/Nm', max140) : tx.value('Dbtr/FinInstnId/Nm', max140);
  const creditorName = isCustomerTransfer ? tx.value('Cdtr/Nm', max140) : tx.value('Cdtr/FinInstnId/Nm', max140);
  const debtorAccount = readAccount(tx, 'DbtrAcct');
  const creditorAccount = readAccount(tx, 'CdtrAcct');
  const remittance = tx.find('RmtInf')?.all('Ustrd').map((line) => line.value('', max140) ?? '') ?? [];
  const purpose = tx.value('Purp/Cd', (v) => checkText(v, 4)) ?? tx.value('Purp/Prtry', max35);

  if (tx.problems.count > before || resolved === undefined || uetr === undefined || endToEndId === undefined
    || settlementAmount === undefined || settlementDate === undefined || debtorAgentBic === undefined || creditorAgentBic === undefined) {
    return undefined;
  }
  return withoutUndefined<IngestedSide>({
    uetr,
    side: resolved.side,
    messageType: group.messageType,
    endToEndId,
    instructionId,
    transactionId,
    instructingAgentBic: (instructingAgent ?? debtorAgent)?.bic ?? debtorAgentBic,
    instructedAgentBic: (instructedAgent ?? creditorAgent)?.bic ?? creditorAgentBic,
    debtorAgentBic,
    creditorAgentBic,
    counterpartyBic: resolved.counterpartyBic,
    interbankSettlementAmount: settlementAmount,
    interbankSettlementDate: settlementDate,
    instructedAmount,
    exchangeRate,
    chargeBearer,
    debtor: party(debtorName, debtorAccount),
    creditor: party(creditorName, creditorAccount),
    remittanceInformation: remittance.length === 0 ? undefined : remittance.join('\n'),
    purpose,
    settlementMethod: group.settlementMethod,
    clearingSystem: group.clearingSystem,
  });
}

/**
 * Reads every CdtTrfTxInf of a pacs.008 or pacs.009 into a payment side, and checks the group header against
 * them (NbOfTxs = count, TtlIntrBkSttlmAmt = sum in the one currency, no UETR twice). Any problem refuses the
 * whole message, listing all problems.
 */
export function readCreditTransfers(message: IsoMessage, options: PaymentIngestOptions): PaymentSidesResult {
  const messageType = message.definition.type;
  if (messageType !== 'pacs.008' && messageType !== 'pacs.009') {
    return refuse('UNSUPPORTED', `${message.definition.id} carries no payment sides`, message.context, 'Document');
  }
  const own = new OwnBics(options.ownBics);
  const transactionCount = message.message.children.filter((child) => child.name === 'CdtTrfTxInf').length;
  assertTransactionCount(transactionCount, message, options, 'CdtTrfTxInf');

  const headerProblems = Problems.start(message.context);
  const { header, messageId } = readMessageHeader(message, headerProblems);
  const problems = headerProblems.withMessageId(messageId);
  const root = new Fields(message.message, '', problems);
  const groupHeader = root.find('GrpHdr');
  const settlementMethod = groupHeader?.value('SttlmInf/SttlmMtd', (v) => checkCode(v, SETTLEMENT_METHODS), true);
  const clearingSystem = groupHeader?.value('SttlmInf/ClrSys/Cd', (v) => checkText(v, 5)) ?? groupHeader?.value('SttlmInf/ClrSys/Prtry', max35);
  const group: GroupContext = {
    messageType,
    own,
    groupHeader,
    settlementMethod,
    clearingSystem,
    settlementDate: groupHeader?.value('IntrBkSttlmDt', checkDate),
  };

  const transactions = root.all('CdtTrfTxInf');
  if (transactions.length === 0) problems.add('CdtTrfTxInf', 'the message has no transactions');
  const sides = transactions.map((tx, index) => readTransaction(new Fields(tx.element, tx.path, problems.forTransaction(index)), group));

  const numberOfTransactions = groupHeader?.value('NbOfTxs', (v) => (/^[0-9]{1,15}$/.test(v) ? { value: v } : { reason: `${quote(v)} is not a count` }), true);
  if (numberOfTransactions !== undefined && Number(numberOfTransactions) !== transactions.length) {
    problems.add('GrpHdr/NbOfTxs', `says ${numberOfTransactions} but the message has ${transactions.length} CdtTrfTxInf`);
  }
  if (groupHeader !== undefined) checkTotal(groupHeader, sides, problems);
  checkUniqueUetrs(sides, problems);
  problems.throwIfAny('INVALID');
  if (header === undefined) throw new Error('a message without problems has a header');
  return { kind: 'payment-sides', header, sides: sides.filter((side): side is IngestedSide => side !== undefined) };
}

function checkTotal(groupHeader: Fields, sides: ReadonlyArray<IngestedSide | undefined>, problems: Problems): void {
  const total = readMoney(groupHeader, 'TtlIntrBkSttlmAmt', false);
  if (total === undefined || sides.some((side) => side === undefined)) return;
  const present = sides as readonly IngestedSide[];
  const currencies = new Set(present.map((side) => side.interbankSettlementAmount.currency));
  if (currencies.size > 1 || !currencies.has(total.currency)) {
    problems.add('GrpHdr/TtlIntrBkSttlmAmt/@Ccy', `is ${total.currency} but the transactions settle in ${[...currencies].join(', ')}; a total needs one currency`);
    return;
  }
  const sum = present.reduce((acc, side) => acc.plus(side.interbankSettlementAmount.amount), new Decimal(0));
  if (!sum.equals(total.amount)) {
    problems.add('GrpHdr/TtlIntrBkSttlmAmt', `says ${total.amount} but the transactions add up to ${sum.toFixed()}`);
  }
}

function checkUniqueUetrs(sides: ReadonlyArray<IngestedSide | undefined>, problems: Problems): void {
  const seen = new Map<string, number>();
  sides.forEach((side, index) => {
    if (side === undefined) return;
    const first = seen.get(side.uetr);
    if (first === undefined) seen.set(side.uetr, index);
    else problems.forTransaction(index).add(`CdtTrfTxInf[${index}]/PmtId/UETR`, `repeats the UETR of CdtTrfTxInf[${first}]`);
  });
}
