/**
 * Runs of transactions through the gateway that several benchmarks make: bayrecon's payments between two banks,
 * the same reads and writes on the trivial comparison chaincode, and the warm-up before them.
 */
import { randomUUID } from 'node:crypto';
import { PaymentsChangedEvent, canonicalJson } from '@bayrecon/common';
import { hkCreditorSide, szDebtorSide } from '../../test/support/payments';
import { runLoad, LoadSource } from './load';
import { limiterOf } from './limits';
import { CpuProfile, CpuSampler, NetworkProcess } from './processes';
import { BenchSession } from './session';
import { perSecond, Summary, summarize } from './stats';
import { CommitWait, RetryLog, SubmitPhases, submitUntilCommitted } from './submit';

const BAYRECON = 'bayrecon';
const TRIVIAL = 'trivial';
/**
 * `put` writes keys only, in one write batch as bayrecon does; `putWithKeyPolicy` also sets a key-level
 * endorsement policy per key (what a key-level policy per payment would cost bayrecon);
 * `readAndPut` first reads every key in one message, as bayrecon reads each side's payment key; `putEach` is
 * `put` with one putState round trip per key.
 */
export type TrivialTransaction = 'put' | 'putWithKeyPolicy' | 'readAndPut' | 'putEach';

export interface RunOptions {
  batchSize: number;
  /** Transactions submitted and not yet committed, at most. */
  inFlight: number;
  /** No new work is started after this long; work started is finished. */
  durationMs: number;
  /** No new work once this many sides (or keys) have been started. */
  maxItems: number;
  wait: CommitWait;
  /** Open-loop pacing in transactions per second (latency runs); undefined saturates. */
  ratePerSecond?: number;
}

export interface RunResult {
  label: string;
  chaincode: string;
  batchSize: number;
  inFlight: number;
  wait: CommitWait;
  ratePerSecond?: number;
  /** Sides (bayrecon) or keys (trivial) committed valid. */
  items: number;
  transactions: number;
  elapsedMs: number;
  itemsPerSecond: number;
  transactionsPerSecond: number;
  /** Proposal to commit on the client's own peer, per transaction, retries included (ms). */
  latencyMs: Summary;
  /** The same split into endorsement, handing over to the orderer, and commit (last attempt of each, ms). */
  phasesMs: Record<keyof SubmitPhases, Summary>;
  /** bayrecon only: debtor side's proposal to the MATCHED pair committed (ms). */
  pairLatencyMs?: Summary;
  retries: { count: number; reasons: Record<string, number> };
  /** bayrecon only: creditor sides whose transaction result said MATCHED, and a sample read back afterwards. */
  reconciliation?: { matchedAtEndorsement: number; creditorSides: number; sampled: number; sampledMatched: number };
  cpu: CpuProfile;
  limiter: string;
}

/** Mean commit latency so far (0 before the first commit). */
const meanLatency = (latencies: readonly number[]): number =>
  latencies.length === 0 ? 0 : latencies.reduce((sum, value) => sum + value, 0) / latencies.length;

/** Each phase's durations over a run's transactions. */
class PhaseLog {
  private readonly phases: Record<keyof SubmitPhases, number[]> = { endorse: [], submit: [], commit: [] };

  add(phasesMs: SubmitPhases): void {
    for (const phase of Object.keys(this.phases) as (keyof SubmitPhases)[]) this.phases[phase].push(phasesMs[phase]);
  }

  summary(): Record<keyof SubmitPhases, Summary> {
    return { endorse: summarize(this.phases.endorse), submit: summarize(this.phases.submit), commit: summarize(this.phases.commit) };
  }
}

/** What every run reports of its transactions: counts, rates, latencies with their phases, and retries. */
function countsOf(
  items: number, transactions: number, elapsedMs: number, latencies: number[], phases: PhaseLog, retries: RetryLog,
): Pick<RunResult, 'items' | 'transactions' | 'elapsedMs' | 'itemsPerSecond' | 'transactionsPerSecond' | 'latencyMs' | 'phasesMs' | 'retries'> {
  return {
    items,
    transactions,
    elapsedMs,
    itemsPerSecond: perSecond(items, elapsedMs),
    transactionsPerSecond: perSecond(transactions, elapsedMs),
    latencyMs: summarize(latencies),
    phasesMs: phases.summary(),
    retries: { count: retries.count, reasons: retries.toJSON() },
  };
}

const decode = <T>(bytes: Uint8Array): T => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;

/**
 * Payment sides end to end through the gateway: SZBank submits batches of DEBTOR sides for fresh UETRs; once
 * a batch has committed on both banks' peers, HKBank submits the matching CREDITOR sides, so every UETR ends
 * MATCHED without the two banks colliding in one block. Creditor batches go first when both are ready.
 */
export async function paymentRun(
  session: BenchSession, options: RunOptions, processes: readonly NetworkProcess[], cores: number,
): Promise<RunResult> {
  const { sz, hk } = session;
  const retries = new RetryLog();
  const latencies: number[] = [];
  const phases = new PhaseLog();
  const pairLatencies: number[] = [];
  const creditorQueue: { uetrs: string[]; startedAt: number }[] = [];
  const matchedUetrs: string[] = [];
  let outstandingDebtors = 0;
  let startedItems = 0;
  let items = 0;
  let transactions = 0;
  let matchedAtEndorsement = 0;
  let creditorSides = 0;

  const debtorTask = (uetrs: string[]) => async (): Promise<void> => {
    const startedAt = performance.now();
    const sides = uetrs.map((uetr) => szDebtorSide(uetr));
    const outcome = await submitUntilCommitted({
      label: 'SZBank submitSides', send: (commit) => sz.payments(commit).submitSides(sides),
      tracker: sz.tracker, alsoCommittedOn: [hk.tracker], wait: options.wait,
    }, retries);
    latencies.push(outcome.latencyMs);
    phases.add(outcome.phasesMs);
    items += uetrs.length;
    transactions += 1;
    outstandingDebtors -= 1;
    creditorQueue.push({ uetrs, startedAt });
  };
  const creditorTask = (uetrs: string[], startedAt: number) => async (): Promise<void> => {
    const sides = uetrs.map((uetr) => hkCreditorSide(uetr));
    const outcome = await submitUntilCommitted({
      label: 'HKBank submitSides', send: (commit) => hk.payments(commit).submitSides(sides),
      tracker: hk.tracker, wait: options.wait, withEvent: true,
    }, retries);
    latencies.push(outcome.latencyMs);
    phases.add(outcome.phasesMs);
    pairLatencies.push(performance.now() - startedAt);
    // submitSides's result holds only counts; the statuses are in its event.
    const event = decode<PaymentsChangedEvent>(outcome.event ?? new Uint8Array());
    matchedAtEndorsement += event.changes.filter((change) => change.status === 'MATCHED').length;
    creditorSides += uetrs.length;
    items += uetrs.length;
    transactions += 1;
    matchedUetrs.push(uetrs[transactions % uetrs.length]);
  };

  const deadline = Date.now() + options.durationMs;
  const source: LoadSource = {
    next() {
      const ready = creditorQueue.shift();
      if (ready !== undefined) return creditorTask(ready.uetrs, ready.startedAt);
      // A pair started now needs two commits more: stop issuing early enough that the run ends near its time.
      if (Date.now() + 2 * meanLatency(latencies) < deadline && startedItems + 2 * options.batchSize <= options.maxItems) {
        startedItems += 2 * options.batchSize;
        outstandingDebtors += 1;
        return debtorTask(Array.from({ length: options.batchSize }, () => randomUUID()));
      }
      return outstandingDebtors > 0 ? 'wait' : 'done';
    },
  };

  const sampler = new CpuSampler(processes);
  const started = performance.now();
  await runLoad(source, { inFlight: options.inFlight, ratePerSecond: options.ratePerSecond });
  const elapsedMs = performance.now() - started;
  const cpu = sampler.stop();

  // Read back a sample from the ledger: the events said MATCHED, the committed records must say so too.
  const stride = Math.max(1, Math.floor(matchedUetrs.length / 25));
  const sample = matchedUetrs.filter((_, index) => index % stride === 0).slice(0, 25);
  const reader = hk.connection.payments('SZBankMSP', 'HKBankMSP');
  const records = await Promise.all(sample.map((uetr) => reader.getPayment(uetr)));
  return {
    label: `bayrecon batch ${options.batchSize}${options.wait === 'status' ? ' (commit-status call)' : ''}`,
    chaincode: BAYRECON,
    batchSize: options.batchSize,
    inFlight: options.inFlight,
    wait: options.wait,
    ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
    ...countsOf(items, transactions, elapsedMs, latencies, phases, retries),
    pairLatencyMs: summarize(pairLatencies),
    reconciliation: {
      matchedAtEndorsement, creditorSides, sampled: records.length,
      sampledMatched: records.filter((record) => record.status === 'MATCHED').length,
    },
    cpu,
    limiter: limiterOf(cpu, cores),
  };
}

/** The same number of keys per transaction, with values the size of a payment record, on the trivial chaincode. */
export async function trivialRun(
  session: BenchSession, options: RunOptions, valueSize: number, processes: readonly NetworkProcess[], cores: number,
  transaction: TrivialTransaction = 'put',
): Promise<RunResult> {
  const retries = new RetryLog();
  const latencies: number[] = [];
  const phases = new PhaseLog();
  let startedItems = 0;
  let items = 0;
  let transactions = 0;
  let turn = 0;
  const deadline = Date.now() + options.durationMs;
  const source: LoadSource = {
    next() {
      if (Date.now() + meanLatency(latencies) >= deadline || startedItems + options.batchSize > options.maxItems) return 'done';
      startedItems += options.batchSize;
      // Both banks submit, as in the payment run, each through its own peer.
      const client = (turn++ % 2 === 0) ? session.sz : session.hk;
      return async () => {
        const outcome = await submitUntilCommitted({
          label: `trivial ${transaction}`,
          send: (commit) => commit(client.contract(TRIVIAL).newProposal(transaction, { arguments: [String(options.batchSize), String(valueSize)] })),
          tracker: client.tracker, wait: options.wait,
        }, retries);
        latencies.push(outcome.latencyMs);
        phases.add(outcome.phasesMs);
        items += options.batchSize;
        transactions += 1;
      };
    },
  };
  const sampler = new CpuSampler(processes);
  const started = performance.now();
  await runLoad(source, { inFlight: options.inFlight, ratePerSecond: options.ratePerSecond });
  const elapsedMs = performance.now() - started;
  const cpu = sampler.stop();
  return {
    label: `trivial ${transaction} ${options.batchSize} keys/tx${options.wait === 'status' ? ' (commit-status call)' : ''}`,
    chaincode: transaction === 'put' ? TRIVIAL : `${TRIVIAL}:${transaction}`,
    batchSize: options.batchSize,
    inFlight: options.inFlight,
    wait: options.wait,
    ...countsOf(items, transactions, elapsedMs, latencies, phases, retries),
    cpu,
    limiter: limiterOf(cpu, cores),
  };
}

/**
 * One pair through both banks, read back: establishes the SZBank-HKBank pair key (the first transactions of a
 * pair race for it), warms connections and chaincode servers, and measures the public record's size after one
 * side and after both, which the trivial chaincode's values then match.
 */
export async function warmUp(session: BenchSession, quick: boolean): Promise<{ recordBytes: number; pendingBytes: number; matchedBytes: number }> {
  const uetr = randomUUID();
  const retries = new RetryLog();
  // The record's size as the peers store it: its canonical JSON.
  const reader = session.hk.connection.payments('SZBankMSP', 'HKBankMSP');
  const read = async (): Promise<number> => canonicalJson(await reader.getPayment(uetr)).length;
  await submitUntilCommitted({
    label: 'SZBank submitSides', send: (commit) => session.sz.payments(commit).submitSides([szDebtorSide(uetr)]),
    tracker: session.sz.tracker, alsoCommittedOn: [session.hk.tracker], wait: 'events',
  }, retries);
  const pendingBytes = await read();
  await submitUntilCommitted({
    label: 'HKBank submitSides', send: (commit) => session.hk.payments(commit).submitSides([hkCreditorSide(uetr)]),
    tracker: session.hk.tracker, wait: 'events',
  }, retries);
  const matchedBytes = await read();
  const recordBytes = Math.round((pendingBytes + matchedBytes) / 2);
  // A short load on both chaincodes, so the first measured run does not pay for JIT compilation.
  const warm: RunOptions = { batchSize: 10, inFlight: 20, durationMs: quick ? 1_000 : 3_000, maxItems: 1e9, wait: 'events' };
  await paymentRun(session, warm, [], 1);
  await trivialRun(session, warm, recordBytes, [], 1);
  session.forget();
  return { recordBytes, pendingBytes, matchedBytes };
}
