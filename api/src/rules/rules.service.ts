import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  BankPair, DryRunReport, MAX_SIDES_PER_BATCH, PairRuleSet, PairRuleSets, RECORDED_STATUSES, mergeDryRunReports, mspOf,
  ruleSetDigest, validatePairRuleSet,
} from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { ForbiddenError, InvalidInputError } from '../errors/domain-errors';
import { LedgerClient } from '../fabric/ledger-client';
import { submitRetryingConflicts } from '../fabric/submit-retrying';
import { PaymentViewEntity } from '../projection/projection.entities';
import { PaymentsChangedDto } from '../reconcile/reconcile.dto';
import { AcceptanceResultDto, DryRunReportDto, PAIR_PATTERN, ProposalResultDto } from './rules.dto';

/**
 * A bank pair's matching rules through this instance: read them, propose and accept versions (a bank's instance),
 * dry-run a rule set over a settlement date, and ask for payments to be decided again under the effective version.
 * Everything is the ledger's: the rule sets are read from the pair's channel on this org's own peer, and a dry run
 * is evaluated there too, over the payments of the date this instance's projection lists.
 */
@Injectable()
export class RulesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerClient,
    private readonly directory: MemberDirectoryService,
    private readonly dataSource: DataSource,
  ) {}

  private get org(): string {
    return this.config.fabric.mspId;
  }

  /**
   * The pair a path names (`HKBank-SZBank`, names or MSP ids in either order). @throws InvalidInputError when it
   * names no pair of member banks, ForbiddenError when this org is not one of the pair's members.
   */
  pairOf(reference: string): BankPair {
    const directory = this.directory.current();
    const invalid = (reason: string) => new InvalidInputError(`pair: ${reason}`, [{ path: 'pair', reason }]);
    if (!PAIR_PATTERN.test(reference)) throw invalid(`'${reference}' is not two banks joined by '-', e.g. HKBank-SZBank`);
    const [a, b] = reference.split('-').map((name) => (name.endsWith('MSP') ? name : mspOf(name)));
    let pair: BankPair;
    try {
      pair = directory.bankPair(a, b);
    } catch (error) {
      throw invalid((error as Error).message);
    }
    if (!directory.pairMembers(pair).includes(this.org)) {
      throw new ForbiddenError(`${this.org} is not a member of the pair ${pair.orgs.join(' and ')}: its rules are that pair's and its regulators'`);
    }
    return pair;
  }

  /** The bank this instance's org is in the pair: a regulator's instance may read, not write, a pair's rules. */
  private asBankOf(pair: BankPair): void {
    if (!pair.orgs.includes(this.org)) throw new ForbiddenError(`${this.org} is not one of the pair's banks ${pair.orgs.join(' and ')}`);
  }

  read(pair: BankPair): Promise<PairRuleSets> {
    return this.ledger.ruleSets(...pair.orgs).getRuleSets();
  }

  async propose(pair: BankPair, raw: unknown): Promise<ProposalResultDto> {
    this.asBankOf(pair);
    const ruleSet = this.checked(pair, raw);
    const { commit, result } = await submitRetryingConflicts(() => this.ledger.ruleSets(...pair.orgs).proposeRuleSet(ruleSet));
    return { transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(), proposal: result };
  }

  async accept(pair: BankPair, version: number, digest: string): Promise<AcceptanceResultDto> {
    this.asBankOf(pair);
    const { commit, result } = await submitRetryingConflicts(() => this.ledger.ruleSets(...pair.orgs).acceptRuleSet(version, digest));
    return { transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(), agreed: result };
  }

  async reevaluate(pair: BankPair, ruleSetVersion: number, uetrs: string[]): Promise<PaymentsChangedDto> {
    this.asBankOf(pair);
    const { commit, result } = await submitRetryingConflicts(() => this.ledger.payments(...pair.orgs).requestReevaluation(uetrs, ruleSetVersion));
    return {
      transaction: result.transaction, transactionId: commit.transactionId, blockNumber: commit.blockNumber.toString(),
      changes: result.changes, counts: result.counts,
    };
  }

  /**
   * The rule set evaluated over every payment of the pair settling on the date that has both sides in (as this
   * instance's projection lists them), on this org's peer, 500 at a time; nothing is written.
   */
  async dryRun(pair: BankPair, raw: unknown, settlementDate: string): Promise<DryRunReportDto> {
    const ruleSet = this.checked(pair, raw);
    const rows = await this.dataSource.getRepository(PaymentViewEntity).find({
      select: { uetr: true },
      where: { channel: pair.channel, settlementDate, status: In([...RECORDED_STATUSES]) },
      order: { uetr: 'ASC' },
    });
    const uetrs = rows.map((row) => row.uetr);
    const reports: DryRunReport[] = [];
    for (let start = 0; start < uetrs.length; start += MAX_SIDES_PER_BATCH) {
      reports.push(await this.ledger.ruleSets(...pair.orgs).dryRunRuleSet(ruleSet, settlementDate, uetrs.slice(start, start + MAX_SIDES_PER_BATCH)));
    }
    const report = reports.length === 0
      ? { ruleSetVersion: ruleSet.version, ruleSetDigest: ruleSetDigest(ruleSet), evaluated: 0, unchanged: 0, transitions: [], reasonsChanged: { count: 0, uetrs: [] } }
      : mergeDryRunReports(reports);
    return { pair: [...pair.orgs], settlementDate, ...report };
  }

  /** A rule set of this pair, as the chaincode will check it, so that a bad one is a 400 naming every field. */
  private checked(pair: BankPair, raw: unknown): PairRuleSet {
    const validation = validatePairRuleSet(raw, this.directory.current());
    if (!validation.ok) throw new InvalidInputError(`the rule set is refused: ${validation.issues.length} problem(s)`, validation.issues);
    if (!pair.orgs.every((org) => validation.ruleSet.pair.includes(org))) {
      throw new InvalidInputError('ruleSet.pair is not the pair of the path', [{ path: 'ruleSet.pair', reason: `is not ${pair.orgs.join(' and ')}` }]);
    }
    return validation.ruleSet;
  }
}
