import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  ChaincodeEvent, CloseableAsyncIterable, CommitError, connect, Contract, Gateway, hash, Network, Proposal, StatusCode, SubmittedTransaction,
} from '@hyperledger/fabric-gateway';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { newNodeSigner, pairsSeenBy } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { heightOfChainInfo } from './block-info';
import { Commit, CommitWatcher, UnknownCommit } from './commit-watcher';
import { contractAt, pairPaymentsLocation } from './contract-locations';
import { Documents } from './documents';
import { BlockEvents, eventsByBlock } from './events-by-block';
import { Heartbeats } from './heartbeats';
import { classifyLedgerFailure } from './ledger-errors';
import { PairPayments } from './pair-payments';
import { startReading } from './start-reading';
import { Committed } from './typed-contract';

/** A transaction this instance submitted and saw committed. */
export interface SubmitResult extends Committed {
  /** How the commit was learnt: from the instance's block stream, or by asking the peer (the stream was down or late). */
  commitLearntFrom: 'block stream' | 'status call';
}

/**
 * A commit takes one orderer batch timeout and a block's validation, seconds even for 500-side batches under load.
 * A transaction the orderer accepted and then lost in a crash never commits, and its sender learns that only when
 * the commit-status wait ends: the outbox then sends the sides again (an identical resubmission is a no-op), so
 * this deadline is how long an orderer crash holds accepted sides back.
 */
const DEADLINES_MS = { evaluate: 10_000, endorse: 30_000, submit: 10_000, commitStatus: 20_000 };

/**
 * When the block stream has not shown a transaction by the commit deadline, the peer is asked once more, briefly:
 * the stream reads every block in order, so the answer is almost surely "not committed", which the gateway gives
 * as the same deadline error as before.
 */
const STATUS_AFTER_STREAM_DEADLINE_MS = 2_000;

/**
 * This instance's one connection to its own org's peer, acting with its own org's identity: the API can act
 * only as that org. The chaincode is called through the typed contracts it hands out ({@link payments},
 * {@link documents}, {@link heartbeats}), whose submissions commit through this instance's block stream.
 */
@Injectable()
export class LedgerClient implements OnModuleInit, OnModuleDestroy {
  private readonly grpcClient: grpc.Client;
  private readonly gateway: Gateway;
  private readonly network: Network;
  private readonly commits: CommitWatcher;
  private readonly pairs = new Map<string, PairPayments<SubmitResult>>();
  /** Document anchors, in the main chaincode. */
  readonly documents: Documents<SubmitResult>;
  /** Heartbeats, in the main chaincode. */
  readonly heartbeats: Heartbeats<SubmitResult>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const fabric = config.fabric;
    this.grpcClient = new grpc.Client(fabric.peerEndpoint, grpc.credentials.createSsl(readFileSync(fabric.tlsCaCertPath)), {
      'grpc.ssl_target_name_override': fabric.peerHostAlias,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.max_send_message_length': 64 * 1024 * 1024,
    });
    const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });
    this.gateway = connect({
      client: this.grpcClient,
      identity: { mspId: fabric.mspId, credentials: readFileSync(fabric.certPath) },
      signer: newNodeSigner(readFileSync(fabric.keyPath, 'utf8')),
      hash: hash.none,
      evaluateOptions: deadline(DEADLINES_MS.evaluate),
      endorseOptions: deadline(DEADLINES_MS.endorse),
      submitOptions: deadline(DEADLINES_MS.submit),
      commitStatusOptions: deadline(DEADLINES_MS.commitStatus),
    });
    this.network = this.gateway.getNetwork(fabric.channel);
    this.commits = new CommitWatcher({
      height: async () => BigInt(heightOfChainInfo(await this.getChainInfo())),
      filteredBlocks: (startBlock) => this.network.getFilteredBlockEvents({ startBlock }),
    });
    const main: Contract = this.network.getContract(fabric.chaincode);
    this.documents = new Documents(main, this.commit);
    this.heartbeats = new Heartbeats(main, this.commit);
  }

  onModuleInit(): void {
    this.commits.start();
  }

  get mspId(): string {
    return this.config.fabric.mspId;
  }

  /** The payments of a bank pair (the two banks' MSP ids, in any order). */
  payments(orgA: string, orgB: string): PairPayments<SubmitResult> {
    const location = pairPaymentsLocation(this.config.fabric.channel, orgA, orgB);
    let payments = this.pairs.get(location.chaincode);
    if (payments === undefined) {
      payments = new PairPayments(contractAt(this.gateway, location), [orgA, orgB], this.commit);
      this.pairs.set(location.chaincode, payments);
    }
    return payments;
  }

  /**
   * Endorses, orders and waits for the commit, learnt from the instance's block stream (see {@link CommitWatcher});
   * throws the gateway's error for the caller (or the exception filter) to classify.
   */
  private readonly commit = async (proposal: Proposal): Promise<SubmitResult> => {
    const transactionId = proposal.getTransactionId();
    const awaited = this.commits.expect(transactionId);
    try {
      const submitted = await (await proposal.endorse()).submit();
      const outcome = await awaited.settled(DEADLINES_MS.commitStatus);
      const commit = 'learnt' in outcome ? outcome.learnt : await this.askCommitStatus(submitted, outcome.unknown);
      if (commit.code !== StatusCode.VALID) {
        throw new CommitError({ message: `transaction ${transactionId} invalid: code ${commit.code}`, code: commit.code, transactionId });
      }
      return {
        transactionId,
        blockNumber: commit.blockNumber,
        result: submitted.getResult(),
        commitLearntFrom: 'learnt' in outcome ? 'block stream' : 'status call',
      };
    } finally {
      awaited.cancel();
    }
  };

  private async askCommitStatus(submitted: SubmittedTransaction, why: UnknownCommit): Promise<Commit> {
    const options = why === 'deadline' ? { deadline: Date.now() + STATUS_AFTER_STREAM_DEADLINE_MS } : undefined;
    const status = await submitted.getStatus(options);
    return { blockNumber: status.blockNumber, code: status.code };
  }

  /**
   * The events of the chaincodes this org's projection keeps (the main one, and the payments chaincode of each bank
   * pair the org belongs to; every pair's for the regulator), block by block in ledger order, from a block on
   * (inclusive). One stream per chaincode, merged in block order along the filtered block stream (see
   * {@link eventsByBlock}); closing the result closes them all.
   */
  async eventsByBlock(startBlock: bigint): Promise<CloseableAsyncIterable<BlockEvents>> {
    const opened: CloseableAsyncIterable<unknown>[] = [];
    const closeAll = () => opened.forEach((stream) => stream.close());
    try {
      const spine = await this.network.getFilteredBlockEvents({ startBlock });
      opened.push(spine);
      const spineBlocks = startReading(spine);
      const streams = new Map<string, AsyncIterator<ChaincodeEvent>>();
      for (const chaincode of this.projectedChaincodes()) {
        const events = await this.network.getChaincodeEvents(chaincode, { startBlock });
        opened.push(events);
        streams.set(chaincode, startReading(events));
      }
      const merged = eventsByBlock({ [Symbol.asyncIterator]: () => spineBlocks }, streams);
      return { [Symbol.asyncIterator]: () => merged, close: closeAll, [Symbol.dispose]: closeAll };
    } catch (error) {
      closeAll();
      throw error;
    }
  }

  private projectedChaincodes(): string[] {
    return [this.config.fabric.chaincode, ...pairsSeenBy(this.mspId).map(({ orgs }) => pairPaymentsLocation(this.config.fabric.channel, ...orgs).chaincode)];
  }

  /** The channel's `common.BlockchainInfo` (height, current block hash) from this org's peer, through qscc. */
  getChainInfo(): Promise<Uint8Array> {
    return this.network.getContract('qscc').evaluateTransaction('GetChainInfo', this.config.fabric.channel);
  }

  /** True while commits are learnt from the block stream; while false, each submit asks the peer for its status. */
  get commitStreamOpen(): boolean {
    return this.commits.streaming;
  }

  /** True when the peer answers a query within a short deadline. */
  async peerReachable(): Promise<boolean> {
    try {
      await this.heartbeats.read(this.mspId);
      return true;
    } catch (error) {
      // A chaincode answer (even "no heartbeat recorded") proves the peer and chaincode are reachable.
      return classifyLedgerFailure(error).kind === 'refused';
    }
  }

  onModuleDestroy(): void {
    this.commits.stop();
    this.gateway.close();
    this.grpcClient.close();
  }
}
