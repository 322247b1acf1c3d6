import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsString, Matches, Max, Min } from 'class-validator';
import {
  DEDUCTIBLE_CHARGE_BEARERS, MAX_RULE_SET_VERSION, MAX_SIDES_PER_BATCH, MAX_VALUE_DATE_WINDOW,
  RECORDED_STATUSES, ROUNDING_MODES, UETR_PATTERN,
} from '@bayrecon/common';

/** Patterns of the rule set's values, as validatePairRuleSet checks them (it is what refuses a bad one). */
const AMOUNT = '^(0|[1-9][0-9]*)(\\.[0-9]+)?$';
const BASIS_POINTS = '^(0|[1-9][0-9]{0,4})(\\.[0-9]{1,4})?$';
const MSP_ID = '^[A-Z][A-Za-z0-9]{1,19}MSP$';
const CALENDAR = '^(CN|HK|MO)-[0-9]{4}\\.[1-9][0-9]{0,3}$';
const DIGEST = '^[0-9a-f]{64}$';
export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** A bank pair in a path: the two banks' names (or MSP ids), in either order, joined by '-'. */
export const PAIR_PATTERN = /^[A-Z][A-Za-z0-9]{1,19}-[A-Z][A-Za-z0-9]{1,19}$/;

export class ToleranceLimitDto {
  @ApiPropertyOptional({ pattern: AMOUNT, example: '50.00', description: 'An amount in the currency, at most its minor units; \'0\' for none' }) absolute?: string;
  @ApiPropertyOptional({ pattern: BASIS_POINTS, example: '5', description: 'Basis points of the expected amount, 0 to 10000, at most 4 decimals' }) basisPoints?: string;
}

export class AmountToleranceDto {
  @ApiProperty({ type: ToleranceLimitDto, description: 'When the creditor agent\'s amount is larger; with both limits the smaller applies' }) above!: ToleranceLimitDto;
  @ApiProperty({ type: ToleranceLimitDto, description: 'When it is smaller' }) below!: ToleranceLimitDto;
}

export class FxToleranceDto {
  @ApiProperty({ pattern: BASIS_POINTS, example: '2', description: 'Basis points of the debtor agent\'s rate' }) basisPoints!: string;
  @ApiProperty({ enum: ROUNDING_MODES, description: 'How instructed amount x rate is rounded to the settlement currency' }) rounding!: string;
}

export class ChargesRuleDto {
  @ApiProperty({ enum: DEDUCTIBLE_CHARGE_BEARERS, isArray: true, description: 'Bearers under which charges listed on the way are deducted (never DEBT); empty for none' }) deductibleUnder!: string[];
  @ApiPropertyOptional({ pattern: AMOUNT, example: '300.00', description: 'The most deducted in all; no cap when absent' }) maxDeducted?: string;
}

export class ValueDateWindowDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_VALUE_DATE_WINDOW, example: 0 }) businessDaysBefore!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_VALUE_DATE_WINDOW, example: 1 }) businessDaysAfter!: number;
}

export class CurrencyRuleDto {
  @ApiProperty({ type: AmountToleranceDto }) amount!: AmountToleranceDto;
  @ApiPropertyOptional({ type: FxToleranceDto, description: 'Absent: the two sides\' rates must be equal' }) fx?: FxToleranceDto;
  @ApiProperty({ type: ChargesRuleDto }) charges!: ChargesRuleDto;
  @ApiProperty({ type: ValueDateWindowDto }) valueDate!: ValueDateWindowDto;
}

/** A pair's rule set (docs/matching.md); validatePairRuleSet is what accepts or refuses one. */
export class PairRuleSetDto {
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2, items: { type: 'string', pattern: MSP_ID }, example: ['HKBankMSP', 'SZBankMSP'] }) pair!: string[];
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_RULE_SET_VERSION, example: 1, description: 'The effective version plus one' }) version!: number;
  @ApiProperty({ type: [String], items: { type: 'string', pattern: CALENDAR }, example: ['CN-2026.1', 'HK-2026.1'], description: 'One holiday calendar edition per jurisdiction of the pair' }) calendars!: string[];
  @ApiProperty({
    type: 'object', additionalProperties: { $ref: getSchemaPath(CurrencyRuleDto) },
    description: 'Rules by ISO 4217 settlement currency', example: { HKD: { amount: { above: { absolute: '0' }, below: { absolute: '50.00', basisPoints: '5' } }, charges: { deductibleUnder: ['CRED', 'SHAR'] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 1 } } },
  }) currencies!: Record<string, CurrencyRuleDto>;
}

export class ProposeRuleSetDto {
  @ApiProperty({ type: PairRuleSetDto })
  @IsObject()
  ruleSet!: Record<string, unknown>;
}

export class AcceptRuleSetDto {
  @ApiProperty({ pattern: DIGEST, description: 'The digest of the open proposal (lower-case hex SHA-256 of its canonical JSON)' })
  @IsString() @Matches(new RegExp(DIGEST), { message: 'digest must be 64 lower-case hex digits' })
  digest!: string;
}

export class DryRunDto {
  @ApiProperty({ type: PairRuleSetDto, description: 'The rule set to evaluate, of any version (a proposal, or a draft)' })
  @IsObject()
  ruleSet!: Record<string, unknown>;

  @ApiProperty({ example: '2026-11-20', pattern: DATE.source, description: 'Interbank settlement date of the payments to evaluate' })
  @IsString() @Matches(DATE, { message: 'settlementDate must be a date YYYY-MM-DD' })
  settlementDate!: string;
}

export class ReevaluationDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_RULE_SET_VERSION, description: 'The pair\'s effective rule set version, which both banks ask for' })
  @IsInt() @Min(1) @Max(MAX_RULE_SET_VERSION)
  ruleSetVersion!: number;

  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_SIDES_PER_BATCH, items: { type: 'string', pattern: UETR_PATTERN.source } })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SIDES_PER_BATCH)
  @IsString({ each: true }) @Matches(UETR_PATTERN, { each: true, message: 'each of uetrs must be a UETR (lower-case UUIDv4)' })
  uetrs!: string[];
}

export class RuleSetProposalDto {
  @ApiProperty({ type: PairRuleSetDto }) ruleSet!: PairRuleSetDto;
  @ApiProperty({ pattern: DIGEST }) digest!: string;
  @ApiProperty({ pattern: MSP_ID }) proposedBy!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) txId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class AgreedRuleSetDto {
  @ApiProperty({ type: PairRuleSetDto }) ruleSet!: PairRuleSetDto;
  @ApiProperty({ pattern: DIGEST }) digest!: string;
  @ApiProperty({ pattern: MSP_ID }) proposedBy!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) proposedTxId!: string;
  @ApiProperty({ format: 'date-time' }) proposedAt!: string;
  @ApiProperty({ pattern: MSP_ID }) acceptedBy!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) acceptedTxId!: string;
  @ApiProperty({ format: 'date-time' }) acceptedAt!: string;
}

export class PairRuleSetsDto {
  @ApiProperty({ type: [String], items: { type: 'string', pattern: MSP_ID }, example: ['HKBankMSP', 'SZBankMSP'] }) pair!: string[];
  @ApiProperty({ example: 'pair-hkbank-szbank' }) channel!: string;
  @ApiProperty({ type: AgreedRuleSetDto, nullable: true, description: 'The version the pair\'s payments are decided under; null before the first is agreed' }) effective!: AgreedRuleSetDto | null;
  @ApiProperty({ type: RuleSetProposalDto, nullable: true, description: 'The open proposal; null when none' }) proposal!: RuleSetProposalDto | null;
  @ApiProperty({ type: [AgreedRuleSetDto], description: 'Every agreed version, oldest first' }) versions!: AgreedRuleSetDto[];
}

export class ProposalResultDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) transactionId!: string;
  @ApiProperty({ pattern: '^[0-9]+$', description: 'Block of the pair\'s channel the transaction committed in' }) blockNumber!: string;
  @ApiProperty({ type: RuleSetProposalDto }) proposal!: RuleSetProposalDto;
}

export class AcceptanceResultDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) transactionId!: string;
  @ApiProperty({ pattern: '^[0-9]+$' }) blockNumber!: string;
  @ApiProperty({ type: AgreedRuleSetDto }) agreed!: AgreedRuleSetDto;
}

export class StatusTransitionDto {
  @ApiProperty({ enum: RECORDED_STATUSES }) from!: string;
  @ApiProperty({ enum: RECORDED_STATUSES }) to!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) count!: number;
  @ApiProperty({ type: [String], items: { type: 'string', pattern: UETR_PATTERN.source } }) uetrs!: string[];
}

export class UetrCountDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) count!: number;
  @ApiProperty({ type: [String], items: { type: 'string', pattern: UETR_PATTERN.source } }) uetrs!: string[];
}

/** What a rule set would change over a settlement date's payments: counts and UETRs, never an amount. */
export class DryRunReportDto {
  @ApiProperty({ type: [String], items: { type: 'string', pattern: MSP_ID } }) pair!: string[];
  @ApiProperty({ pattern: DATE.source }) settlementDate!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) ruleSetVersion!: number;
  @ApiProperty({ pattern: DIGEST }) ruleSetDigest!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Payments of the date with both sides in' }) evaluated!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Payments that would keep their status (and discrepancy codes)' }) unchanged!: number;
  @ApiProperty({ type: [StatusTransitionDto], description: 'Payments whose status would change, by transition' }) transitions!: StatusTransitionDto[];
  @ApiProperty({ type: UetrCountDto, description: 'Discrepancies that would stay discrepancies for other reasons' }) reasonsChanged!: UetrCountDto;
}
