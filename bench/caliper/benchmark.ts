import * as path from 'node:path';
import type { WorkloadArguments } from './payment-workload';

/** One Caliper round as its benchmark configuration spells it (the subset this benchmark uses). */
export interface CaliperRound {
  label: string;
  description: string;
  /** Seconds of load; work started is finished after it. */
  txDuration: number;
  rateControl: { type: 'fixed-load'; opts: { transactionLoad: number; startTps: number } };
  workload: { module: string; arguments: WorkloadArguments };
}

const WORKLOAD_MODULE = `./${path.join('bench', 'caliper', 'payment-workload.ts')}`;

/**
 * The rounds, kept in TypeScript rather than YAML so that the workload's arguments are type-checked and the
 * summary knows each round's sides per transaction; run.ts writes them as Caliper's benchmark configuration.
 *
 * `fixed-load` keeps a number of transactions in flight, like bayrecon's own gateway benchmark: enough to fill
 * the orderer's 200 ms blocks, fewer than `make bench` uses (150 at batch 1, 16 at batch 100), because Caliper
 * has no retry and the machine has 2 cores. One worker: its process signs every proposal, and a second would
 * only compete with the peers for the same cores. Until the first transaction finishes, `fixed-load` sends at
 * `startTps` instead; afterwards it sleeps (excess in flight × mean latency) before each send. A `startTps` much
 * above load / latency therefore queues a backlog whose sleeps outlast the round: at batch 100 with startTps 4
 * a round of 30 s took 460 s on a loaded machine. So startTps stays at about load / expected latency.
 */
export const ROUNDS: readonly CaliperRound[] = [
  {
    label: 'submitSides-batch-1',
    description: 'SZBank submits one DEBTOR_AGENT side per transaction; HKBank the matching CREDITOR_AGENT side a second after it committed.',
    txDuration: 30,
    rateControl: { type: 'fixed-load', opts: { transactionLoad: 40, startTps: 10 } },
    workload: { module: WORKLOAD_MODULE, arguments: { mode: 'submit', batchSize: 1 } },
  },
  {
    label: 'submitSides-batch-100',
    description: 'The same with 100 sides per transaction.',
    txDuration: 30,
    rateControl: { type: 'fixed-load', opts: { transactionLoad: 8, startTps: 1 } },
    workload: { module: WORKLOAD_MODULE, arguments: { mode: 'submit', batchSize: 100 } },
  },
  {
    label: 'getPayment',
    description: 'HKBank reads matched payments (evaluate, no ordering) from its own peer.',
    txDuration: 20,
    rateControl: { type: 'fixed-load', opts: { transactionLoad: 20, startTps: 20 } },
    workload: { module: WORKLOAD_MODULE, arguments: { mode: 'read', payments: 200 } },
  },
];

/** Caliper's benchmark configuration: one local worker, the rounds above. */
export const benchmarkConfig = () => ({
  test: {
    name: 'bayrecon payment sides',
    description: 'Payment sides through payment:submitSides (details in the transient map) by SZBank and HKBank, '
      + 'endorsed by both banks, then payment:getPayment reads. One transaction carries one batch of sides.',
    workers: { number: 1 },
    rounds: ROUNDS,
  },
});
