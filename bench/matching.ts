/**
 * What the tolerance path costs (issue 25): payment throughput at batch 500 when 0 %, 1 % and 10 % of the pairs
 * differ within the pair's rule set, as ratios against 0 % measured in the same run. Target: 1 % costs at most 5 %.
 *
 *   node -r ts-node/register/transpile-only bench/matching.ts [--quick] [--rounds=N] [--seconds=S] [--in-flight=N]
 *
 * On the running network that BAYRECON_STATE_DIR names (`make bench-matching` brings up one of its own). SZBank
 * submits batches of DEBTOR_AGENT sides, HKBank the CREDITOR_AGENT sides once a batch has committed on both peers;
 * in each creditor batch the given fraction of sides books 1.25 less than the debtor agent sent, which the rule set
 * tolerates, so those payments take the tolerance path (both sides' details, the rule set, a decision, a private
 * value of differences) and the others the exact path. The fractions run in turn, round after round, each round in
 * another order, so that the machine's drift falls on every fraction alike; each ratio is taken within one round.
 * Figures are printed and written to bench/results/matching-<time>.json, never asserted.
 */
import { randomUUID } from 'node:crypto';
import { Directory, PairRuleSet, PaymentSide, PaymentsChangedEvent } from '@bayrecon/common';
import { readNetworkMap } from '../network/client/network-map';
import { OrgConnection, connectAs } from '../network/client/org-gateway';
import { CommitTracker } from './harness/commits';
import { LoadSource, runLoad } from './harness/load';
import { Report, progress } from './harness/report';
import { writeResults } from './harness/results';
import { perSecond, ratio, summarize } from './harness/stats';
import { RetryLog, submitUntilCommitted } from './harness/submit';
import { formatNumber, printTable } from './harness/table';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const BATCH = 500;
const FRACTIONS = [0, 0.01, 0.1] as const;
/** The benchmark's payments settle in a currency no test uses, under a rule of its own. */
const CURRENCY = 'EUR';
const SENT = '48213.57';
const WITHIN = '48212.32';

interface Options {
  rounds: number;
  durationMs: number;
  inFlight: number;
}

function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--(quick|rounds|seconds|in-flight)(?:=(\d+))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument '${arg}' (known: --quick --rounds=N --seconds=S --in-flight=N)`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const quick = flags.has('quick');
  const number = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);
  // Ten 500-side transactions in flight fill the orderer's blocks without queueing endorsements for seconds (see run.ts).
  return { rounds: number('rounds', quick ? 1 : 3), durationMs: number('seconds', quick ? 6 : 20) * 1000, inFlight: number('in-flight', quick ? 4 : 10) };
}

/** A side of an SZ->HK payment in the benchmark's currency. */
function side(directory: Directory, uetr: string, name: PaymentSide['side'], amount = SENT): PaymentSide {
  const bic = (org: string) => `${directory.memberBank(org).bic8s[0]}XXX`;
  return {
    uetr, side: name, counterpartyOrg: name === 'DEBTOR_AGENT' ? HK : SZ, messageType: 'pacs.008', endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: bic(SZ), instructedAgentBic: bic(HK), debtorAgentBic: bic(SZ), creditorAgentBic: bic(HK),
    interbankSettlementAmount: { amount, currency: CURRENCY }, interbankSettlementDate: '2026-03-02', chargeBearer: 'SHAR',
    debtorName: 'Shenzhen Precision Parts Co Ltd', debtorAccount: '6222020200112233445', creditorName: 'Kowloon Components Trading Ltd',
    creditorAccount: '012-345678-001', remittanceInformation: `INV-${uetr.slice(0, 8)}`,
  };
}

interface Client {
  connection: OrgConnection;
  tracker: CommitTracker;
}

/**
 * Makes the pair's effective rule set tolerate the benchmark's difference: the effective rules with a rule for
 * CURRENCY added, proposed by SZBank and accepted by HKBank, unless one is in effect already.
 */
async function ensureRule(sz: Client, hk: Client): Promise<PairRuleSet> {
  const current = await sz.connection.ruleSets(SZ, HK).getRuleSets();
  const effective = current.effective?.ruleSet;
  if (effective?.currencies[CURRENCY] !== undefined) return effective;
  const ruleSet = {
    pair: [HK, SZ], version: (effective?.version ?? 0) + 1, calendars: effective?.calendars ?? ['CN-2026.1', 'HK-2026.1'],
    currencies: {
      ...(effective?.currencies ?? {}),
      [CURRENCY]: { amount: { above: { absolute: '0' }, below: { absolute: '5.00' } }, charges: { deductibleUnder: ['SHAR'] }, valueDate: { businessDaysBefore: 0, businessDaysAfter: 1 } },
    },
  };
  const retries = new RetryLog();
  const proposed = await submitUntilCommitted({
    label: 'proposeRuleSet', send: (commit) => sz.connection.ruleSets(SZ, HK, commit).proposeRuleSet(ruleSet), tracker: sz.tracker, alsoCommittedOn: [hk.tracker], wait: 'events',
  }, retries);
  const { digest } = JSON.parse(Buffer.from(proposed.result).toString('utf8')) as { digest: string };
  await submitUntilCommitted({
    label: 'acceptRuleSet', send: (commit) => hk.connection.ruleSets(SZ, HK, commit).acceptRuleSet(ruleSet.version, digest), tracker: hk.tracker, alsoCommittedOn: [sz.tracker], wait: 'events',
  }, retries);
  progress(`rule set version ${ruleSet.version} agreed: ${CURRENCY} amounts up to 5.00 below tolerated`);
  return (await sz.connection.ruleSets(SZ, HK).getRuleSets()).effective?.ruleSet as PairRuleSet;
}

interface MatchingRun {
  fraction: number;
  sides: number;
  transactions: number;
  elapsedMs: number;
  sidesPerSecond: number;
  /** Creditor sides by the status their transaction's event gave them. */
  outcomes: Record<string, number>;
  /** The statuses the fraction should have given, and how many did not. */
  unexpected: number;
  creditorLatencyMs: ReturnType<typeof summarize>;
  retries: { count: number; reasons: Record<string, number> };
}

/** One timed run: pairs of batches, the given fraction of each creditor batch differing within tolerance. */
async function matchingRun(sz: Client, hk: Client, directory: Directory, fraction: number, durationMs: number, inFlight: number): Promise<MatchingRun> {
  const retries = new RetryLog();
  const creditorQueue: string[][] = [];
  const latencies: number[] = [];
  const outcomes: Record<string, number> = {};
  const tolerated = Math.round(fraction * BATCH);
  let outstandingDebtors = 0;
  let sides = 0;
  let transactions = 0;
  let unexpected = 0;
  let latencyMean = 0;

  const debtorTask = (uetrs: string[]) => async (): Promise<void> => {
    const batch = uetrs.map((uetr) => side(directory, uetr, 'DEBTOR_AGENT'));
    await submitUntilCommitted({
      label: 'SZBank submitSides', send: (commit) => sz.connection.payments(SZ, HK, commit).submitSides(batch), tracker: sz.tracker, alsoCommittedOn: [hk.tracker], wait: 'events',
    }, retries);
    sides += uetrs.length;
    transactions += 1;
    outstandingDebtors -= 1;
    creditorQueue.push(uetrs);
  };
  const creditorTask = (uetrs: string[]) => async (): Promise<void> => {
    const batch = uetrs.map((uetr, index) => side(directory, uetr, 'CREDITOR_AGENT', index < tolerated ? WITHIN : SENT));
    const outcome = await submitUntilCommitted({
      label: 'HKBank submitSides', send: (commit) => hk.connection.payments(SZ, HK, commit).submitSides(batch), tracker: hk.tracker, wait: 'events', withEvent: true,
    }, retries);
    const event = JSON.parse(Buffer.from(outcome.event ?? new Uint8Array()).toString('utf8')) as PaymentsChangedEvent;
    for (const change of event.changes) {
      outcomes[change.status] = (outcomes[change.status] ?? 0) + 1;
      const position = uetrs.indexOf(change.uetr);
      if (position < 0 || change.status !== (position < tolerated ? 'MATCHED_WITHIN_TOLERANCE' : 'MATCHED')) unexpected += 1;
    }
    latencies.push(outcome.latencyMs);
    latencyMean = latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
    sides += uetrs.length;
    transactions += 1;
  };
  const deadline = Date.now() + durationMs;
  const source: LoadSource = {
    next() {
      const ready = creditorQueue.shift();
      if (ready !== undefined) return creditorTask(ready);
      // A pair started now needs two commits more: stop early enough that the run ends near its time.
      if (Date.now() + 2 * latencyMean < deadline) {
        outstandingDebtors += 1;
        return debtorTask(Array.from({ length: BATCH }, () => randomUUID()));
      }
      return outstandingDebtors > 0 ? 'wait' : 'done';
    },
  };
  const started = performance.now();
  await runLoad(source, { inFlight });
  const elapsedMs = performance.now() - started;
  sz.tracker.forget();
  hk.tracker.forget();
  return {
    fraction, sides, transactions, elapsedMs, sidesPerSecond: perSecond(sides, elapsedMs), outcomes, unexpected,
    creditorLatencyMs: summarize(latencies), retries: { count: retries.count, reasons: retries.toJSON() },
  };
}

const percent = (fraction: number): string => `${formatNumber(fraction * 100, 0)} %`;

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const network = readNetworkMap();
  const open = async (org: string): Promise<Client> => {
    const connection = connectAs(org, { network, deadlineMs: 120_000 });
    return { connection, tracker: await CommitTracker.open(connection, connection.directory.bankPair(SZ, HK).channel) };
  };
  const sz = await open('SZBank');
  const hk = await open('HKBank');
  const report = new Report();
  try {
    const { directory } = sz.connection;
    const ruleSet = await ensureRule(sz, hk);
    progress(`warm-up (${percent(0)} and ${percent(0.1)}, not measured)`);
    for (const fraction of [0, 0.1]) await matchingRun(sz, hk, directory, fraction, 3_000, options.inFlight);
    const rounds: MatchingRun[][] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const order = FRACTIONS.map((_, index) => FRACTIONS[(index + round) % FRACTIONS.length]);
      const runs: MatchingRun[] = [];
      for (const fraction of order) {
        const run = await matchingRun(sz, hk, directory, fraction, options.durationMs, options.inFlight);
        progress(`round ${round + 1}, ${percent(fraction)} on the tolerance path: ${run.sides} sides in ${formatNumber(run.elapsedMs / 1000, 1)} s, `
          + `${formatNumber(run.sidesPerSecond)} sides/s, creditor commit p50 ${formatNumber(run.creditorLatencyMs.p50, 0)} ms, `
          + `outcomes ${JSON.stringify(run.outcomes)}, unexpected ${run.unexpected}, retries ${run.retries.count}`);
        runs.push(run);
      }
      rounds.push(runs);
    }
    const rows: string[][] = [];
    for (const fraction of FRACTIONS) {
      const ofFraction = rounds.map((runs) => runs.find((run) => run.fraction === fraction) as MatchingRun);
      const ratios = rounds.map((runs, index) => ratio(ofFraction[index].sidesPerSecond, runs.find((run) => run.fraction === 0)?.sidesPerSecond));
      const meanRate = ofFraction.reduce((sum, run) => sum + run.sidesPerSecond, 0) / ofFraction.length;
      const meanRatio = ratios.reduce((sum, value) => sum + value, 0) / ratios.length;
      report.figure('matching', `sides/s at batch ${BATCH}, ${percent(fraction)} on the tolerance path`, meanRate, 'sides/s', `mean of ${ofFraction.length} runs`);
      if (fraction > 0) {
        report.figure('matching', `${percent(fraction)} / 0 % on the tolerance path, batch ${BATCH}`, meanRatio, 'x',
          `per round ${ratios.map((value) => formatNumber(value, 3)).join(', ')}${fraction === 0.01 ? '; target >= 0.95 (1 % costs at most 5 %)' : ''}`);
      }
      rows.push([percent(fraction), ...ofFraction.map((run) => formatNumber(run.sidesPerSecond)), formatNumber(meanRatio, 3),
        String(ofFraction.reduce((sum, run) => sum + run.unexpected, 0))]);
    }
    console.log('');
    printTable(['tolerance path', ...rounds.map((_, index) => `round ${index + 1} sides/s`), 'ratio to 0 %', 'unexpected statuses'], rows);
    const file = writeResults(startedAt, {
      benchmark: 'matching', startedAt: startedAt.toISOString(), options, batchSize: BATCH, ruleSetVersion: ruleSet.version, figures: report.figures, rounds,
    }, 'matching-');
    console.log(`\nresults: ${file}`);
  } finally {
    for (const client of [sz, hk]) {
      client.tracker.close();
      client.connection.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
