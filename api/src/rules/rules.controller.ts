import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../auth/auth.guard';
import { InvalidInputError } from '../errors/domain-errors';
import { validateDto } from '../errors/validate-dto';
import { ApiErrors } from '../openapi/error-responses';
import { PaymentsChangedDto } from '../reconcile/reconcile.dto';
import {
  AcceptRuleSetDto, AcceptanceResultDto, CurrencyRuleDto, DryRunDto, DryRunReportDto, PAIR_PATTERN, PairRuleSetsDto, ProposalResultDto,
  ProposeRuleSetDto, ReevaluationDto,
} from './rules.dto';
import { RulesService } from './rules.service';

const PAIR_PARAM = {
  name: 'pair', schema: { type: 'string', pattern: PAIR_PATTERN.source }, example: 'HKBank-SZBank',
  description: 'The pair\'s two banks by name or MSP id, in either order, joined by \'-\'',
};
const BAD_PAIR = 'the path names no pair of member banks, or a field of the body is invalid';
const NOT_A_MEMBER = 'this org is not a member of the pair (its two banks and their regulators)';

/** A pair's rule sets and dry runs: on every instance (the regulators of the pair read them too). */
@ApiTags('rules')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiExtraModels(CurrencyRuleDto)
@ApiErrors([401, 503])
@Controller('rule-sets')
export class RuleSetsReadController {
  constructor(private readonly rules: RulesService) {}

  @Get(':pair')
  @ApiOperation({ summary: 'The pair\'s effective rule set, its open proposal and every agreed version, from the pair\'s channel' })
  @ApiParam(PAIR_PARAM)
  @ApiOkResponse({ type: PairRuleSetsDto })
  @ApiErrors([400, 403], { 400: BAD_PAIR, 403: NOT_A_MEMBER })
  read(@Param('pair') pair: string): Promise<PairRuleSetsDto> {
    return this.rules.read(this.rules.pairOf(pair)) as Promise<PairRuleSetsDto>;
  }

  @Post(':pair/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What a rule set would decide for the pair\'s payments of a settlement date, against what is recorded; writes nothing',
    description: 'Evaluated on this org\'s peer over every payment of the date with both sides in: counts and UETRs per status transition, never an amount.',
  })
  @ApiParam(PAIR_PARAM)
  @ApiBody({ type: DryRunDto })
  @ApiOkResponse({ type: DryRunReportDto })
  @ApiErrors([400, 403, 413, 422], { 400: BAD_PAIR, 403: NOT_A_MEMBER })
  async dryRun(@Param('pair') pair: string, @Body() body: unknown): Promise<DryRunReportDto> {
    const dto = await validateDto(DryRunDto, body);
    return this.rules.dryRun(this.rules.pairOf(pair), dto.ruleSet, dto.settlementDate);
  }
}

/** Proposing and accepting a pair's rule sets, and asking for payments to be decided again: bank instances only. */
@ApiTags('rules')
@ApiBearerAuth()
@ApiSecurity('X-API-Key')
@ApiErrors([401, 503])
@Controller('rule-sets')
export class RuleSetsWriteController {
  constructor(private readonly rules: RulesService) {}

  @Post(':pair/proposals')
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Propose the next version of the pair\'s rule set; it takes effect when the other bank accepts it' })
  @ApiParam(PAIR_PARAM)
  @ApiBody({ type: ProposeRuleSetDto })
  @ApiCreatedResponse({ type: ProposalResultDto })
  @ApiErrors([400, 403, 413, 422], { 400: BAD_PAIR, 403: 'this bank is not one of the pair\'s, or a viewer key', 422: 'e.g. the version is not the next one' })
  async propose(@Param('pair') pair: string, @Body() body: unknown): Promise<ProposalResultDto> {
    const dto = await validateDto(ProposeRuleSetDto, body);
    return this.rules.propose(this.rules.pairOf(pair), dto.ruleSet);
  }

  @Post(':pair/proposals/:version/accept')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({ summary: 'Accept the open proposal, named by its version and digest; it takes effect at once' })
  @ApiParam(PAIR_PARAM)
  @ApiParam({ name: 'version', schema: { type: 'string', pattern: '^[1-9][0-9]{0,6}$' }, example: '2' })
  @ApiBody({ type: AcceptRuleSetDto })
  @ApiOkResponse({ type: AcceptanceResultDto })
  @ApiErrors([400, 403, 404, 413, 422], {
    400: `${BAD_PAIR}, or the version is not a whole number from 1`, 403: 'this bank is not one of the pair\'s, it proposed this version itself, or a viewer key',
    404: 'the pair has no open proposal', 422: 'the open proposal is another version or digest',
  })
  async accept(@Param('pair') pair: string, @Param('version') version: string, @Body() body: unknown): Promise<AcceptanceResultDto> {
    if (!/^[1-9][0-9]{0,6}$/.test(version)) {
      throw new InvalidInputError('version is not a rule set version', [{ path: 'version', reason: `'${version}' is not a whole number from 1` }]);
    }
    const dto = await validateDto(AcceptRuleSetDto, body);
    return this.rules.accept(this.rules.pairOf(pair), Number(version), dto.digest);
  }

  @Post(':pair/reevaluations')
  @HttpCode(200)
  @RequireRole('submitter')
  @ApiOperation({
    summary: 'Ask for payments to be decided again under the effective rule set version',
    description: 'A new version never rewrites a decision: a payment is decided again when a side changes, or once both banks have asked for the same version (the second request decides it).',
  })
  @ApiParam(PAIR_PARAM)
  @ApiBody({ type: ReevaluationDto })
  @ApiOkResponse({ type: PaymentsChangedDto })
  @ApiErrors([400, 403, 413, 422], {
    400: BAD_PAIR, 403: 'this bank is not one of the pair\'s, or a viewer key',
    422: 'the version is not the effective one, or a payment has no decision to take again (each named)',
  })
  async reevaluate(@Param('pair') pair: string, @Body() body: unknown): Promise<PaymentsChangedDto> {
    const dto = await validateDto(ReevaluationDto, body);
    return this.rules.reevaluate(this.rules.pairOf(pair), dto.ruleSetVersion, dto.uetrs);
  }
}
