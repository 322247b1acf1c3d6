import { MatchingRules, prepareMatchingRules } from '../matching/evaluate';
import { PairRuleSet, validatePairRuleSet } from '../matching/rule-set';
import { PaymentSide, validatePaymentSide } from '../payment';
import { RoundingMode } from '../matching/decimal';
import { Directory, genesisDirectory } from '../directory';

/** The genesis directory: the three banks and their regulators. */
export const directory = new Directory(genesisDirectory());

export const UETR = '1a2b3c4d-0000-4000-8000-00000000beef';

/** The UETR of test payment number `n`. */
export function uetrOf(n: number): string {
  return `1a2b3c4d-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

type SideInput = Omit<PaymentSide, 'side' | 'counterpartyOrg'>;

/** SZBank's DEBTOR_AGENT side of an SZ->HK payment of 1,000.00 HKD valued Monday 2 March 2026, normalised as validation leaves it. */
export function debtorSide(overrides: Partial<SideInput> = {}): PaymentSide {
  return validSide({
    uetr: UETR,
    messageType: 'pacs.008',
    endToEndId: 'E2E-1',
    instructingAgentBic: 'SZBKCNBSXXX',
    instructedAgentBic: 'HKBKHKHHXXX',
    debtorAgentBic: 'SZBKCNBSXXX',
    creditorAgentBic: 'HKBKHKHHXXX',
    interbankSettlementAmount: { amount: '1000.00', currency: 'HKD' },
    interbankSettlementDate: '2026-03-02',
    chargeBearer: 'SHAR',
    ...overrides,
    side: 'DEBTOR_AGENT',
    counterpartyOrg: 'HKBankMSP',
  }, 'SZBankMSP');
}

/** HKBank's CREDITOR_AGENT side of the same payment, equal in every matching field unless overridden. */
export function creditorSide(overrides: Partial<SideInput> = {}): PaymentSide {
  const { side: _side, counterpartyOrg: _counterparty, ...base } = debtorSide();
  return validSide({ ...base, ...overrides, side: 'CREDITOR_AGENT', counterpartyOrg: 'SZBankMSP' }, 'HKBankMSP');
}

function validSide(raw: PaymentSide, org: string): PaymentSide {
  const result = validatePaymentSide(raw, org, 'side', directory);
  if (!result.ok) {
    throw new Error(`test side is invalid: ${JSON.stringify(result.issues)}`);
  }
  return result.side;
}

export interface HkdRuleOptions {
  above?: { absolute?: string; basisPoints?: string };
  below?: { absolute?: string; basisPoints?: string };
  fxBasisPoints?: string;
  rounding?: RoundingMode;
  deductibleUnder?: string[];
  maxDeducted?: string;
  businessDaysBefore?: number;
  businessDaysAfter?: number;
}

/** The SZBank-HKBank rule set as a proposal would carry it, with one HKD rule shaped by `options`. */
export function ruleSetInput(options: HkdRuleOptions = {}): Record<string, unknown> {
  return {
    pair: ['SZBankMSP', 'HKBankMSP'],
    version: 3,
    calendars: ['HK-2026.1', 'CN-2026.1'],
    currencies: {
      HKD: {
        amount: { above: options.above ?? { absolute: '0.50' }, below: options.below ?? { absolute: '0.50' } },
        ...(options.fxBasisPoints === undefined ? {} : { fx: { basisPoints: options.fxBasisPoints, rounding: options.rounding ?? 'HALF_UP' } }),
        charges: {
          deductibleUnder: options.deductibleUnder ?? ['SHAR', 'CRED'],
          ...(options.maxDeducted === undefined ? {} : { maxDeducted: options.maxDeducted }),
        },
        valueDate: { businessDaysBefore: options.businessDaysBefore ?? 0, businessDaysAfter: options.businessDaysAfter ?? 1 },
      },
    },
  };
}

/** A rule set that must be valid. */
export function validRuleSet(raw: unknown): PairRuleSet {
  const result = validatePairRuleSet(raw, directory);
  if (!result.ok) {
    throw new Error(`test rule set is invalid: ${JSON.stringify(result.issues)}`);
  }
  return result.ruleSet;
}

/** Prepared rules for the HKD rule shaped by `options`. */
export function hkdRules(options: HkdRuleOptions = {}): MatchingRules {
  return prepareMatchingRules(validRuleSet(ruleSetInput(options)), directory);
}

/** Deep-freezes a value, so a test notices any function that writes to its arguments. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
