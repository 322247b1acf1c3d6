/**
 * What the chaincode's own code costs per batch of 500 sides, apart from the peer: the payment contract's
 * submitSides run in this process on the in-memory ledger of the unit tests (chaincode/src/testing/fake-ledger.ts),
 * which stands in for the peer's state and private data with maps. Each round SZBank submits 500 new SZ-HK debtor
 * sides (validation, commitments, UETR check of its other pair, records, pending index, private blob, event) and
 * HKBank the 500 matching creditor sides (the same, plus reading and reconciling the recorded payments). Wall and
 * CPU time per transaction after warm-up rounds; the ledger grows by 1,000 payments a round, as a pair's does
 * through a business day. Figures are printed and written to bench/results/chaincode-cpu-<time>.json, never
 * asserted.
 *
 *   node -r ts-node/register/transpile-only bench/chaincode-cpu.ts [--rounds=N]
 */
import { performance } from 'node:perf_hooks';
import { PaymentSide } from '@bayrecon/common';
import { DirectoryContract } from '../chaincode/src/directory/directory.contract';
import { PaymentContract } from '../chaincode/src/payment/payment.contract';
import { FakeLedger, FakeNetwork } from '../chaincode/src/testing/fake-ledger';
import { hkCreditorSide, sidesTransient, szDebtorSide } from '../chaincode/src/testing/fixtures';
import { progress } from './harness/report';
import { writeResults } from './harness/results';
import { Summary, summarize } from './harness/stats';
import { formatNumber, printTable } from './harness/table';

const SZ = 'SZBankMSP';
const HK = 'HKBankMSP';
const BATCH = 500;
const WARM_UP_ROUNDS = 5;

function parseRounds(argv: string[]): number {
  const match = argv.map((arg) => /^--rounds=(\d+)$/.exec(arg)).find((found) => found !== null);
  if (argv.length > 0 && match === undefined) throw new Error(`unknown arguments '${argv.join(' ')}' (known: --rounds=N)`);
  return match ? Number(match[1]) : 40;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(ledger: FakeLedger, contract: PaymentContract, mspId: string, sides: PaymentSide[]): Promise<Timing> {
  const transient = sidesTransient(sides);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await ledger.submit({ mspId, transient }, (ctx) => contract.submitSides(ctx, '', ''));
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

async function main(): Promise<void> {
  const rounds = parseRounds(process.argv.slice(2));
  const startedAt = new Date();
  const contract = new PaymentContract();
  const network = new FakeNetwork([new DirectoryContract(), contract]);
  const ledger = network.pair(SZ, HK);
  network.pair(SZ, 'MOBankMSP');
  const debtor: Timing[] = [];
  const creditor: Timing[] = [];
  for (let round = 0; round < WARM_UP_ROUNDS + rounds; round += 1) {
    const numbers = Array.from({ length: BATCH }, (_, index) => round * BATCH + index + 1);
    const first = await timed(ledger, contract, SZ, numbers.map((n) => szDebtorSide(n)));
    const second = await timed(ledger, contract, HK, numbers.map((n) => hkCreditorSide(n)));
    if (round >= WARM_UP_ROUNDS) {
      debtor.push(first);
      creditor.push(second);
    }
    if ((round + 1) % 10 === 0) progress(`round ${round + 1} of ${WARM_UP_ROUNDS + rounds}`);
  }
  const figures: Record<string, { wallMs: Summary; cpuMs: Summary }> = {
    'new debtor sides': { wallMs: summarize(debtor.map((t) => t.wallMs)), cpuMs: summarize(debtor.map((t) => t.cpuMs)) },
    'matching creditor sides': { wallMs: summarize(creditor.map((t) => t.wallMs)), cpuMs: summarize(creditor.map((t) => t.cpuMs)) },
  };
  console.log(`\nsubmitSides of ${BATCH} sides on the in-memory ledger, ${rounds} rounds after ${WARM_UP_ROUNDS} of warm-up (ms per transaction)\n`);
  printTable(['batch', 'wall p50', 'wall p99', 'cpu p50', 'cpu p99', 'cpu per side'], Object.entries(figures).map(([name, { wallMs, cpuMs }]) => [
    name, formatNumber(wallMs.p50, 1), formatNumber(wallMs.p99, 1), formatNumber(cpuMs.p50, 1), formatNumber(cpuMs.p99, 1),
    formatNumber(cpuMs.p50 / BATCH, 3),
  ]));
  const file = writeResults(startedAt, { startedAt: startedAt.toISOString(), batch: BATCH, rounds, warmUpRounds: WARM_UP_ROUNDS, figures }, 'chaincode-cpu-');
  console.log(`\nresults: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
