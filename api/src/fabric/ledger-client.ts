import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import {
  ChaincodeEvent, CloseableAsyncIterable, CommitError, connect, Contract, Gateway, hash, Network, Proposal, StatusCode, SubmittedTransaction,
} from '@hyperledger/fabric-gateway';
import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { BankPair, CHAINCODE_NAME, newNodeSigner } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { heightOfChainInfo } from './block-info';
import { Commit, CommitWatcher, UnknownCommit } from './commit-watcher';
import { contractAt, pairPaymentsLocation } from './contract-locations';
import { Documents } from './documents';
import { BlockEvents, eventsByBlock } from './events-by-block';
import { Heartbeats } from './heartbeats';
import { MemberDirectory } from './member-directory';
import { classifyLedgerFailure } from './ledger-errors';
import { PairPayments } from './pair-payments';
import { PairRuleSets } from './pair-rule-sets';
import { startReading } from './start-reading';
import { Committed, Committer } from './typed-contract';

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
 * This instance's one connection to its own org's peer, acting with its own org's identity: the API can act only
 * as that org. Its peer is on the consortium channel and on the channel of each bank pair its org sees (its own
 * pairs for a bank, those with a bank of its regime for a regulator), and nothing else. The chaincode is called
 * through the typed contracts it hands out ({@link payments}, {@link documents}, {@link heartbeats},
 * {@link memberDirectory}), whose submissions commit through this instance's block stream of their channel.
 */
@Injectable()
export class LedgerClient implements OnModuleInit, OnModuleDestroy {
  private readonly grpcClient: grpc.Client;
  private readonly gateway: Gateway;
  private readonly networks = new Map<string, Network>();
  private readonly watchers = new Map<string, CommitWatcher>();
  private readonly pairs = new Map<string, PairPayments<SubmitResult>>();
  private readonly pairRules = new Map<string, PairRuleSets<SubmitResult>>();
  private started = false;
  /** Document anchors, on the consortium channel. */
  readonly documents: Documents<SubmitResult>;
  /** Heartbeats, on the consortium channel. */
  readonly heartbeats: Heartbeats<SubmitResult>;
  /** The member directory and its governance, on the consortium channel. */
  readonly memberDirectory: MemberDirectory<SubmitResult>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly directory: MemberDirectoryService) {
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
    const consortium = fabric.consortiumChannel;
    const main: Contract = this.network(consortium).getContract(CHAINCODE_NAME);
    this.documents = new Documents(main, this.committer(consortium));
    this.heartbeats = new Heartbeats(main, this.committer(consortium));
    this.memberDirectory = new MemberDirectory(main, this.committer(consortium));
    // A bank admitted later brings a new pair channel: its commit stream opens with the directory's change.
    directory.onChange(() => this.watchChannels());
  }

  onModuleInit(): void {
    this.started = true;
    this.watchChannels();
  }

  get mspId(): string {
    return this.config.fabric.mspId;
  }

  /** The channels this org's peer is on: the consortium's first, then its pairs' in the directory's order. */
  channels(): string[] {
    return [this.config.fabric.consortiumChannel, ...this.directory.current().bankPairsOf(this.mspId).map((pair) => pair.channel)];
  }

  /** The payments of a bank pair (the two banks' MSP ids, in any order), on the pair's channel. */
  payments(orgA: string, orgB: string): PairPayments<SubmitResult> {
    const location = pairPaymentsLocation(this.directory.current(), orgA, orgB);
    let payments = this.pairs.get(location.channel);
    if (payments === undefined) {
      payments = new PairPayments(contractAt(this.gateway, location), [orgA, orgB], this.committer(location.channel));
      this.pairs.set(location.channel, payments);
    }
    return payments;
  }

  /**
   * The payments of a pair closed by a bank's removal, on its channel: read only (the directory no longer names the
   * pair, so {@link payments} does not reach it).
   */
  closedPairPayments(pair: BankPair): PairPayments<SubmitResult> {
    let payments = this.pairs.get(pair.channel);
    if (payments === undefined) {
      payments = new PairPayments(contractAt(this.gateway, { channel: pair.channel, chaincode: CHAINCODE_NAME }), pair.orgs, this.committer(pair.channel));
      this.pairs.set(pair.channel, payments);
    }
    return payments;
  }

  /** The matching rules of a bank pair (the two banks' MSP ids, in any order), on the pair's channel. */
  ruleSets(orgA: string, orgB: string): PairRuleSets<SubmitResult> {
    const location = pairPaymentsLocation(this.directory.current(), orgA, orgB);
    let ruleSets = this.pairRules.get(location.channel);
    if (ruleSets === undefined) {
      ruleSets = new PairRuleSets(contractAt(this.gateway, location), [orgA, orgB], this.committer(location.channel));
      this.pairRules.set(location.channel, ruleSets);
    }
    return ruleSets;
  }

  private network(channel: string): Network {
    let network = this.networks.get(channel);
    if (network === undefined) {
      network = this.gateway.getNetwork(channel);
      this.networks.set(channel, network);
    }
    return network;
  }

  /** The commit watcher of a channel, opened once the module runs. */
  private watcher(channel: string): CommitWatcher {
    let watcher = this.watchers.get(channel);
    if (watcher === undefined) {
      const network = this.network(channel);
      watcher = new CommitWatcher({
        height: async () => BigInt(heightOfChainInfo(await this.getChainInfo(channel))),
        filteredBlocks: (startBlock) => network.getFilteredBlockEvents({ startBlock }),
      });
      this.watchers.set(channel, watcher);
      if (this.started) watcher.start();
    }
    return watcher;
  }

  private watchChannels(): void {
    if (!this.started) return;
    for (const channel of this.channels()) this.watcher(channel).start();
  }

  /**
   * Endorses, orders and waits for the commit, learnt from the instance's block stream of the channel (see
   * {@link CommitWatcher}); throws the gateway's error for the caller (or the exception filter) to classify.
   */
  private committer(channel: string): Committer<SubmitResult> {
    return async (proposal: Proposal): Promise<SubmitResult> => {
      const transactionId = proposal.getTransactionId();
      const awaited = this.watcher(channel).expect(transactionId);
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
  }

  private async askCommitStatus(submitted: SubmittedTransaction, why: UnknownCommit): Promise<Commit> {
    const options = why === 'deadline' ? { deadline: Date.now() + STATUS_AFTER_STREAM_DEADLINE_MS } : undefined;
    const status = await submitted.getStatus(options);
    return { blockNumber: status.blockNumber, code: status.code };
  }

  /**
   * The chaincode events of one channel, block by block in ledger order, from a block on (inclusive): the
   * chaincode's event stream merged in block order along the channel's filtered block stream (see
   * {@link eventsByBlock}); closing the result closes both.
   */
  async eventsByBlock(channel: string, startBlock: bigint): Promise<CloseableAsyncIterable<BlockEvents>> {
    const opened: CloseableAsyncIterable<unknown>[] = [];
    const closeAll = () => opened.forEach((stream) => stream.close());
    try {
      const network = this.network(channel);
      const spine = await network.getFilteredBlockEvents({ startBlock });
      opened.push(spine);
      const spineBlocks = startReading(spine);
      const events = await network.getChaincodeEvents(CHAINCODE_NAME, { startBlock });
      opened.push(events);
      const streams = new Map<string, AsyncIterator<ChaincodeEvent>>([[CHAINCODE_NAME, startReading(events)]]);
      const merged = eventsByBlock({ [Symbol.asyncIterator]: () => spineBlocks }, streams);
      return { [Symbol.asyncIterator]: () => merged, close: closeAll, [Symbol.dispose]: closeAll };
    } catch (error) {
      closeAll();
      throw error;
    }
  }

  /** A channel's `common.BlockchainInfo` (height, current block hash) from this org's peer, through qscc. */
  getChainInfo(channel: string): Promise<Uint8Array> {
    return this.network(channel).getContract('qscc').evaluateTransaction('GetChainInfo', channel);
  }

  /** A channel's current configuration (`common.Config`) from this org's peer, through cscc. */
  getChannelConfig(channel: string): Promise<Uint8Array> {
    return this.network(channel).getContract('cscc').evaluateTransaction('GetChannelConfig', channel);
  }

  /** True while commits are learnt from the block streams of every channel; while false, submits ask the peer. */
  get commitStreamOpen(): boolean {
    return this.channels().every((channel) => this.watchers.get(channel)?.streaming === true);
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
    for (const watcher of this.watchers.values()) watcher.stop();
    this.gateway.close();
    this.grpcClient.close();
  }
}
