import { createHash, randomBytes } from 'node:crypto';
import { AnchorInput, DOCUMENT_TRANSACTIONS, decodeResult } from '@bayrecon/common';
import { runLoad, LoadSource } from '../harness/load';
import { limiterOf, topProcesses } from '../harness/limits';
import { CpuSampler, NetworkProcess } from '../harness/processes';
import { progress, Report } from '../harness/report';
import { BenchClient, BenchSession } from '../harness/session';
import { perSecond } from '../harness/stats';
import { RetryLog, submitUntilCommitted } from '../harness/submit';
import { formatNumber } from '../harness/table';

export interface DocumentsConfig {
  anchorBatch: number;
  anchorInFlight: number;
  verifyInFlight: number;
  durationMs: number;
}

const newAnchor = (): AnchorInput => ({
  documentHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
  documentType: 'STATEMENT',
  subjectRef: `SUBJ-${randomBytes(6).toString('hex')}`,
  validFrom: '2026-01-01',
  validUntil: '2030-12-31',
  consentRef: 'CONSENT-BENCH',
});

/** Runs `transaction` through one client until the time is up; returns counts and the CPU profile. */
async function timedLoad(
  client: BenchClient, durationMs: number, inFlight: number, submit: (retries: RetryLog) => Promise<number>,
  processes: readonly NetworkProcess[],
) {
  const retries = new RetryLog();
  let items = 0;
  let transactions = 0;
  const until = Date.now() + durationMs;
  const source: LoadSource = {
    next: () => (Date.now() >= until ? 'done' : async () => {
      const committed = await submit(retries);
      items += committed;
      transactions += 1;
    }),
  };
  const sampler = new CpuSampler(processes);
  const started = performance.now();
  await runLoad(source, { inFlight });
  const elapsedMs = performance.now() - started;
  return { client: client.org, items, transactions, elapsedMs, retries: { count: retries.count, reasons: retries.toJSON() }, cpu: sampler.stop() };
}

/**
 * Document verification: SZBank anchors batches of fresh document hashes; then HKBank verifies anchored hashes,
 * one logged verification per transaction (each is a write: the issuer and the regulator see who verified).
 */
export async function documentsBenchmark(
  session: BenchSession, report: Report, config: DocumentsConfig, processes: readonly NetworkProcess[], cores: number,
): Promise<unknown> {
  const anchored: string[] = [];
  const anchors = await timedLoad(session.sz, config.durationMs, config.anchorInFlight, async (retries) => {
    const batch = Array.from({ length: config.anchorBatch }, newAnchor);
    await submitUntilCommitted({
      label: 'SZBank anchorDocuments', send: (commit) => session.sz.documents(commit).anchorDocuments(batch),
      tracker: session.sz.tracker, alsoCommittedOn: [session.hk.tracker], wait: 'events',
    }, retries);
    anchored.push(...batch.map((anchor) => anchor.documentHash));
    return batch.length;
  }, processes);
  session.forget();
  progress(`anchors: ${anchors.items} in ${formatNumber(anchors.elapsedMs / 1000, 1)} s, retries ${anchors.retries.count}; cpu: ${topProcesses(anchors.cpu)}`);
  report.figure('documents', `anchors/s, batches of ${config.anchorBatch}`, perSecond(anchors.items, anchors.elapsedMs), 'anchors/s',
    `${formatNumber(perSecond(anchors.transactions, anchors.elapsedMs))} tx/s; limit: ${limiterOf(anchors.cpu, cores)}`);

  const results = new Map<string, number>();
  let next = 0;
  const verifications = await timedLoad(session.hk, config.durationMs, config.verifyInFlight, async (retries) => {
    const documentHash = anchored[next++ % anchored.length];
    const outcome = await submitUntilCommitted({
      label: 'HKBank verifyDocument', send: (commit) => session.hk.documents(commit).verifyDocument(documentHash, 'bench'),
      tracker: session.hk.tracker, wait: 'events',
    }, retries);
    const { result } = decodeResult(DOCUMENT_TRANSACTIONS.verifyDocument, outcome.result);
    results.set(result, (results.get(result) ?? 0) + 1);
    return 1;
  }, processes);
  session.forget();
  const verdicts = [...results].map(([result, count]) => `${result} ${count}`).join(', ');
  progress(`verifications: ${verifications.items} in ${formatNumber(verifications.elapsedMs / 1000, 1)} s (${verdicts}), retries ${verifications.retries.count}; cpu: ${topProcesses(verifications.cpu)}`);
  report.figure('documents', 'verifications/s, one per tx', perSecond(verifications.items, verifications.elapsedMs), 'verifications/s',
    `${verdicts}; limit: ${limiterOf(verifications.cpu, cores)}`);
  return { config, anchors, verifications: { ...verifications, verdicts: Object.fromEntries(results) } };
}
