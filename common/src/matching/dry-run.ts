import { canonicalJson } from '../canonical';
import { PaymentSide } from '../payment';
import { ValidationIssue, show } from '../validation';
import { DiscrepancyCode, FieldFinding, MatchingRules, evaluateSides } from './evaluate';

/** The decisions on record a dry run compares with: a payment with both sides in. */
export const RECORDED_STATUSES = ['MATCHED', 'MATCHED_WITHIN_TOLERANCE', 'DISCREPANCY', 'RESOLVED'] as const;
export type RecordedStatus = (typeof RECORDED_STATUSES)[number];

/** One past payment: its two sides as the pair keeps them and the decision recorded for it. */
export interface DryRunCase {
  uetr: string;
  debtorSide: PaymentSide;
  creditorSide: PaymentSide;
  recordedStatus: RecordedStatus;
  /** The recorded discrepancy codes, when the record has them; a change of codes alone is then reported too. */
  recordedDiscrepancies?: FieldFinding<DiscrepancyCode>[];
}

/** Payments whose status would move from `from` to `to`. */
export interface StatusTransition {
  from: RecordedStatus;
  to: RecordedStatus;
  count: number;
  uetrs: string[];
}

/** What a proposed rule set would change, without anything written: counts and UETRs, no amounts. */
export interface DryRunReport {
  ruleSetVersion: number;
  ruleSetDigest: string;
  evaluated: number;
  unchanged: number;
  /** Payments whose status would change, by transition. */
  transitions: StatusTransition[];
  /** Discrepancies that would stay discrepancies for other reasons. */
  reasonsChanged: { count: number; uetrs: string[] };
}

export type DryRunResult = { ok: true; report: DryRunReport } | { ok: false; issues: ValidationIssue[] };

function caseIssues(rules: MatchingRules, cases: readonly DryRunCase[], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const firstIndex = new Map<string, number>();
  cases.forEach((entry, index) => {
    const at = `${path}[${index}]`;
    const seen = firstIndex.get(entry.uetr);
    if (seen !== undefined) {
      issues.push({ path: `${at}.uetr`, reason: `${show(entry.uetr)} is also at ${path}[${seen}]` });
      return;
    }
    firstIndex.set(entry.uetr, index);
    if (!(RECORDED_STATUSES as readonly string[]).includes(entry.recordedStatus)) {
      issues.push({ path: `${at}.recordedStatus`, reason: `${show(entry.recordedStatus)} is not one of ${RECORDED_STATUSES.join(', ')}` });
    }
    for (const [name, side, role] of [['debtorSide', entry.debtorSide, 'DEBTOR_AGENT'], ['creditorSide', entry.creditorSide, 'CREDITOR_AGENT']] as const) {
      if (side.side !== role || side.uetr !== entry.uetr) {
        issues.push({ path: `${at}.${name}`, reason: `is the ${show(side.side)} side of ${show(side.uetr)}, not the ${role} side of ${show(entry.uetr)}` });
      }
    }
    const orgs = [rules.directory.orgOfBic(entry.debtorSide.debtorAgentBic), rules.directory.orgOfBic(entry.debtorSide.creditorAgentBic)].sort();
    if (orgs[0] !== rules.ruleSet.pair[0] || orgs[1] !== rules.ruleSet.pair[1]) {
      issues.push({ path: `${at}.debtorSide`, reason: `is a payment between ${orgs.join(' and ')}, not of the pair ${rules.ruleSet.pair.join(' and ')}` });
    }
  });
  return issues;
}

/**
 * Evaluates a (proposed) rule set over past payments of the pair and reports what would change, writing
 * nothing and reading nothing but its arguments: each payment's status under the rules against the one on
 * record. A RESOLVED payment stays RESOLVED while the rules still find a discrepancy (both banks' acceptances
 * hold until a side changes); it moves when the rules would match it. Cases are refused whole, with every issue
 * named, when a UETR repeats or a case's sides are not the two sides of one payment of the pair.
 */
export function dryRunRuleSet(rules: MatchingRules, cases: readonly DryRunCase[], path = 'cases'): DryRunResult {
  const issues = caseIssues(rules, cases, path);
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  const transitions = new Map<string, StatusTransition>();
  const reasonsChanged: string[] = [];
  let unchanged = 0;
  for (const entry of cases) {
    const { shared } = evaluateSides(rules, entry.debtorSide, entry.creditorSide);
    const keepsAcceptance = entry.recordedStatus === 'RESOLVED' && shared.status === 'DISCREPANCY';
    const to: RecordedStatus = keepsAcceptance ? 'RESOLVED' : shared.status;
    if (to !== entry.recordedStatus) {
      const key = `${entry.recordedStatus}>${to}`;
      const transition = transitions.get(key) ?? { from: entry.recordedStatus, to, count: 0, uetrs: [] };
      transition.count += 1;
      transition.uetrs.push(entry.uetr);
      transitions.set(key, transition);
    } else if (shared.status === 'DISCREPANCY' && entry.recordedDiscrepancies !== undefined
      && canonicalJson(entry.recordedDiscrepancies) !== canonicalJson(shared.discrepancies)) {
      reasonsChanged.push(entry.uetr);
    } else {
      unchanged += 1;
    }
  }
  const rank = (status: RecordedStatus): number => RECORDED_STATUSES.indexOf(status);
  const ordered = [...transitions.values()]
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to))
    .map((transition) => ({ ...transition, uetrs: [...transition.uetrs].sort() }));
  return {
    ok: true,
    report: {
      ruleSetVersion: rules.ruleSet.version,
      ruleSetDigest: rules.digest,
      evaluated: cases.length,
      unchanged,
      transitions: ordered,
      reasonsChanged: { count: reasonsChanged.length, uetrs: reasonsChanged.sort() },
    },
  };
}

/**
 * One report of dry runs over disjoint sets of payments under one rule set (a settlement date's payments evaluated
 * a page at a time): counts added, UETRs of each transition joined and sorted, as one run over them all would say.
 *
 * @throws Error when the reports are of different rule sets, or there are none.
 */
export function mergeDryRunReports(reports: readonly DryRunReport[]): DryRunReport {
  const [first] = reports;
  if (first === undefined) throw new Error('no dry run report to merge');
  if (reports.some((report) => report.ruleSetDigest !== first.ruleSetDigest)) {
    throw new Error('dry run reports of different rule sets cannot be merged');
  }
  const transitions = new Map<string, StatusTransition>();
  for (const transition of reports.flatMap((report) => report.transitions)) {
    const key = `${transition.from}>${transition.to}`;
    const merged = transitions.get(key) ?? { from: transition.from, to: transition.to, count: 0, uetrs: [] };
    merged.count += transition.count;
    merged.uetrs.push(...transition.uetrs);
    transitions.set(key, merged);
  }
  const rank = (status: RecordedStatus): number => RECORDED_STATUSES.indexOf(status);
  const reasonsChanged = reports.flatMap((report) => report.reasonsChanged.uetrs).sort();
  return {
    ruleSetVersion: first.ruleSetVersion,
    ruleSetDigest: first.ruleSetDigest,
    evaluated: reports.reduce((sum, report) => sum + report.evaluated, 0),
    unchanged: reports.reduce((sum, report) => sum + report.unchanged, 0),
    transitions: [...transitions.values()]
      .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to))
      .map((transition) => ({ ...transition, uetrs: transition.uetrs.sort() })),
    reasonsChanged: { count: reasonsChanged.length, uetrs: reasonsChanged },
  };
}
