import { randomBytes, randomUUID } from 'node:crypto';
import {
  PAIR_KEY_BYTES, PAYMENT_TRANSACTIONS, PaymentSide, TransientOf, transactionName,
} from '@bayrecon/common';
import { pairPaymentsLocation } from '../../api/src/fabric/contract-locations';
import { directoryOf, readNetworkMap } from '../../network/client/network-map';
import { hkCreditorSide, szDebtorSide } from '../../test/support/payments';
import { INVOKER_IDENTITY } from './network-config';

/*
 * Caliper workload module. It is TypeScript, loaded by Caliper's workers through ts-node: run.ts starts the
 * manager with `-r ts-node/register/transpile-only`, which the workers it forks inherit. So the module uses
 * the project's own side builders and types, and the root tsconfig type-checks it, with no build step.
 */

/** What a round asks of the workload (Caliper passes the round's `workload.arguments`). */
export type WorkloadArguments =
  | { mode: 'submit'; batchSize: number }
  | { mode: 'read'; payments: number };

/** The slice of Caliper 0.6's Fabric connector this module uses; Caliper ships no type declarations. */
interface FabricRequest {
  contractId: string;
  contractFunction: string;
  contractArguments: string[];
  transientMap?: Record<string, string>;
  /** The MSP id of a member bank. */
  invokerMspId: string;
  invokerIdentity: string;
  readOnly?: boolean;
}
interface TxStatus {
  IsCommitted(): boolean;
}
interface SutAdapter {
  sendRequests(request: FabricRequest): Promise<TxStatus>;
}

/** The corridor of the side builders: SZBank is the debtor agent, HKBank the creditor agent. */
const DEBTOR_AGENT_ORG = 'SZBankMSP';
const CREDITOR_AGENT_ORG = 'HKBankMSP';
/**
 * A debtor batch's commit is reported by SZBank's peer; HKBank's matching sides are endorsed by HKBank's peer
 * too, which must have committed the same block, or the two endorsements differ. Caliper does not retry, so
 * the creditor batch waits this long rather than fail.
 */
const COUNTERPARTY_CATCH_UP_MS = 1_000;
/** Sides per transaction when a round prepares payments to read. */
const SEED_BATCH = 100;
const SEED_ATTEMPTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newUetrs = (count: number): string[] => Array.from({ length: count }, () => randomUUID());

class PaymentSidesWorkload {
  private sut!: SutAdapter;
  private round!: WorkloadArguments;
  private chaincode!: string;
  /** Debtor batches committed, oldest first, whose creditor sides are still to be submitted. */
  private readonly awaitingCreditor: { uetrs: string[]; committedAt: number }[] = [];
  private readable: string[] = [];
  private reads = 0;

  async initializeWorkloadModule(
    workerIndex: number, _totalWorkers: number, _roundIndex: number, roundArguments: WorkloadArguments, sutAdapter: SutAdapter,
  ): Promise<void> {
    this.sut = sutAdapter;
    this.round = roundArguments;
    this.chaincode = pairPaymentsLocation(directoryOf(readNetworkMap()), 'SZBankMSP', 'HKBankMSP').chaincode;
    // The first sides between two banks race to establish their pair key: settle it before the load starts.
    if (workerIndex === 0) await this.seedPayments(1);
    if (this.round.mode === 'read') this.readable = await this.seedPayments(this.round.payments);
  }

  async submitTransaction(): Promise<void> {
    if (this.round.mode === 'read') {
      await this.readPayment(this.readable[this.reads++ % this.readable.length]);
      return;
    }
    const due = this.awaitingCreditor[0];
    if (due !== undefined && Date.now() - due.committedAt >= COUNTERPARTY_CATCH_UP_MS) {
      this.awaitingCreditor.shift();
      await this.submitSides(CREDITOR_AGENT_ORG, due.uetrs.map((uetr) => hkCreditorSide(uetr)));
      return;
    }
    const uetrs = newUetrs(this.round.batchSize);
    const status = await this.submitSides(DEBTOR_AGENT_ORG, uetrs.map((uetr) => szDebtorSide(uetr)));
    if (status.IsCommitted()) this.awaitingCreditor.push({ uetrs, committedAt: Date.now() });
  }

  /** Caliper calls it after each round; the module holds no connection of its own to close. */
  async cleanupWorkloadModule(): Promise<void> {}

  /**
   * One batch of the submitter's sides, details in the transient map. No `targetOrganizations`: Caliper 0.6's
   * peer-gateway connector refuses them. The gateway then chooses the endorsers from the chaincode's interest,
   * whose pair collection requires AND(HKBank, SZBank): both banks endorse every valid transaction, and only
   * members of the pair's collection receive the transient details.
   */
  private submitSides(submitter: string, sides: PaymentSide[]): Promise<TxStatus> {
    return this.sut.sendRequests({
      contractId: this.chaincode,
      contractFunction: transactionName(PAYMENT_TRANSACTIONS.submitSides),
      contractArguments: ['', ''],
      transientMap: { sides: JSON.stringify(sides), pairKeyProposal: randomBytes(PAIR_KEY_BYTES).toString('base64') } satisfies TransientOf<typeof PAYMENT_TRANSACTIONS.submitSides>,
      invokerMspId: submitter,
      invokerIdentity: INVOKER_IDENTITY,
    });
  }

  private readPayment(uetr: string): Promise<TxStatus> {
    return this.sut.sendRequests({
      contractId: this.chaincode,
      contractFunction: transactionName(PAYMENT_TRANSACTIONS.getPayment),
      contractArguments: [uetr],
      invokerMspId: CREDITOR_AGENT_ORG,
      invokerIdentity: INVOKER_IDENTITY,
      readOnly: true,
    });
  }

  /** Matched payments for a round to work on, submitted before its load starts (not measured). */
  private async seedPayments(count: number): Promise<string[]> {
    const uetrs = newUetrs(count);
    const batches = Array.from({ length: Math.ceil(count / SEED_BATCH) }, (_, index) => uetrs.slice(index * SEED_BATCH, (index + 1) * SEED_BATCH));
    for (const batch of batches) await this.commitSides(DEBTOR_AGENT_ORG, batch.map((uetr) => szDebtorSide(uetr)));
    await sleep(COUNTERPARTY_CATCH_UP_MS);
    for (const batch of batches) await this.commitSides(CREDITOR_AGENT_ORG, batch.map((uetr) => hkCreditorSide(uetr)));
    return uetrs;
  }

  /** Retries, unlike measured transactions: a worker racing another for the pair key may lose once. */
  private async commitSides(submitter: string, sides: PaymentSide[]): Promise<void> {
    for (let attempt = 1; attempt <= SEED_ATTEMPTS; attempt += 1) {
      if ((await this.submitSides(submitter, sides)).IsCommitted()) return;
      await sleep(COUNTERPARTY_CATCH_UP_MS);
    }
    throw new Error(`payment:submitSides by ${submitter} failed ${SEED_ATTEMPTS} times while preparing the round: see the Caliper log`);
  }
}

/** Caliper's entry point: a fresh module per round and worker. */
export function createWorkloadModule(): PaymentSidesWorkload {
  return new PaymentSidesWorkload();
}
