/**
 * What keeping a UETR unique across a bank's pairs costs at batch 500: when a bank's peer endorses new sides, it
 * asks each other channel of its own bank's pairs, on itself, whether the UETRs are recorded there
 * (chaincode/src/payment/uetr-elsewhere.ts). Measured side by side in one run on the running network that
 * BAYRECON_STATE_DIR names:
 * - SZBank's batches of 500 new SZ-HK debtor sides, endorsed by SZBank's and HKBank's peers: endorsement p50 (each
 *   peer's simulation includes its check of its bank's other pair) and the whole submission to commit;
 * - the check alone: the same question (`uetrsTaken` with 500 UETRs) put to the MOBank-SZBank channel through
 *   SZBank's peer from a client, which adds a client round trip to what the chaincode's own call costs.
 * The ratio check / endorsement bounds the share of a batch's endorsement the check takes. Figures are printed and
 * written to bench/results/uetr-check-<time>.json, never asserted.
 *
 *   node -r ts-node/register/transpile-only bench/uetr-check.ts [--rounds=N]
 */
import { randomUUID } from 'node:crypto';
import { CHAINCODE_NAME, PAYMENT_TRANSACTIONS, PaymentSide, transactionName } from '@bayrecon/common';
import { readNetworkMap } from '../network/client/network-map';
import { connectAs } from '../network/client/org-gateway';
import { CommitTracker } from './harness/commits';
import { Report, progress } from './harness/report';
import { writeResults } from './harness/results';
import { ratio, summarize } from './harness/stats';
import { RetryLog, submitUntilCommitted } from './harness/submit';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const MO = 'MOBankMSP';
const BATCH = 500;

function parseRounds(argv: string[]): number {
  const match = argv.map((arg) => /^--rounds=(\d+)$/.exec(arg)).find((found) => found !== null);
  if (argv.length > 0 && match === undefined) throw new Error(`unknown arguments '${argv.join(' ')}' (known: --rounds=N)`);
  return match ? Number(match[1]) : 10;
}

async function main(): Promise<void> {
  const rounds = parseRounds(process.argv.slice(2));
  const startedAt = new Date();
  const network = readNetworkMap();
  const sz = connectAs('SZBank', { network, deadlineMs: 120_000 });
  const hk = connectAs('HKBank', { network, deadlineMs: 120_000 });
  const { directory } = sz;
  const channel = directory.bankPair(SZ, HK).channel;
  const otherChannel = directory.bankPair(MO, SZ).channel;
  const trackers = [await CommitTracker.open(sz, channel), await CommitTracker.open(hk, channel)];
  const bic = (org: string) => `${directory.memberBank(org).bic8s[0]}XXX`;
  const side = (uetr: string): PaymentSide => ({
    uetr, side: 'DEBTOR_AGENT', counterpartyOrg: HK, messageType: 'pacs.008', endToEndId: `E2E-${uetr.slice(0, 8)}`,
    instructingAgentBic: bic(SZ), instructedAgentBic: bic(HK), debtorAgentBic: bic(SZ), creditorAgentBic: bic(HK),
    interbankSettlementAmount: { amount: '1000.00', currency: 'HKD' }, interbankSettlementDate: '2026-03-02',
  });
  const report = new Report();
  const retries = new RetryLog();
  const endorse: number[] = [];
  const whole: number[] = [];
  const check: number[] = [];
  const otherPair = sz.gateway.getNetwork(otherChannel).getContract(CHAINCODE_NAME);
  try {
    for (let round = 0; round <= rounds; round += 1) {
      const uetrs = Array.from({ length: BATCH }, () => randomUUID());
      const checkStarted = performance.now();
      await otherPair.evaluateTransaction(transactionName(PAYMENT_TRANSACTIONS.uetrsTaken), JSON.stringify(uetrs));
      const checkMs = performance.now() - checkStarted;
      const outcome = await submitUntilCommitted({
        label: 'SZBank submitSides', send: (commit) => sz.payments(SZ, HK, commit).submitSides(uetrs.map(side)),
        tracker: trackers[0], alsoCommittedOn: [trackers[1]], wait: 'events',
      }, retries);
      // The first round warms the chaincode service and the peers' caches; it is not counted.
      if (round === 0) continue;
      check.push(checkMs);
      endorse.push(outcome.phasesMs.endorse);
      whole.push(outcome.latencyMs);
      progress(`round ${round}: check ${checkMs.toFixed(0)} ms, endorsement ${outcome.phasesMs.endorse.toFixed(0)} ms, to commit ${outcome.latencyMs.toFixed(0)} ms`);
    }
    const [checkP50, endorseP50, wholeP50] = [summarize(check).p50, summarize(endorse).p50, summarize(whole).p50];
    report.figure('uetr-check', `the check alone, ${BATCH} UETRs on ${otherChannel} through SZBank's peer, p50`, checkP50, 'ms', `${rounds} rounds`);
    report.figure('uetr-check', `endorsement of a batch of ${BATCH} new sides (the check included), p50`, endorseP50, 'ms');
    report.figure('uetr-check', `submission of a batch of ${BATCH} to commit, p50`, wholeP50, 'ms');
    report.figure('uetr-check', 'check / endorsement', ratio(checkP50, endorseP50), 'x', 'an upper bound: the chaincode\'s own call has no client round trip');
    report.figure('uetr-check', 'check / submission to commit', ratio(checkP50, wholeP50), 'x');
    const file = writeResults(startedAt, {
      benchmark: 'uetr-check', startedAt: startedAt.toISOString(), batchSize: BATCH, rounds, figures: report.figures,
      runs: { checkMs: check, endorseMs: endorse, submitToCommitMs: whole }, retries: { count: retries.count, reasons: retries.toJSON() },
    }, 'uetr-check-');
    console.log(`\nresults: ${file}`);
  } finally {
    trackers.forEach((tracker) => tracker.close());
    sz.close();
    hk.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exit(1);
});
