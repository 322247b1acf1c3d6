import { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DIRECTORY_CHANGED_EVENT, originOf } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MemberDirectoryService } from '../directory/member-directory.service';
import { StatusFeed } from '../events/status-change';
import { WebhookService } from '../events/webhook.service';
import { BlockEvents } from '../fabric/events-by-block';
import { LedgerClient } from '../fabric/ledger-client';
import { heightOfChainInfo } from '../fabric/block-info';
import { IntakeAudit } from '../intake/intake-audit';
import { JsonLogger } from '../logging/json-logger';
import { backoffMs } from '../retry/backoff';
import { Checkpoint, ResumeFilter, resumeBlock, sameCheckpoint } from './checkpoint';
import { LedgerEvent, Projector } from './projector';
import { PROJECTION_ENTITIES, ProjectionCheckpointEntity } from './projection.entities';

/** Pauses before reopening a broken event stream. */
const STREAM_BACKOFF = { firstMs: 250, maxMs: 30_000 };

/** What the projection needs of the ledger; {@link LedgerClient} in the application, a fake in unit tests. */
export type ProjectionLedger = Pick<LedgerClient, 'eventsByBlock' | 'getChainInfo' | 'mspId' | 'channels' | 'memberDirectory'>;

/** The checkpoint moved under a running stream (a rebuild wiped it): the stream restarts from the stored one. */
class CheckpointMovedError extends Error {}

/** Where the projection stands on one channel. */
export interface ChannelProjectionStatus {
  checkpoint: Checkpoint;
  /**
   * The last block the running stream has read whole, every event of it applied; null when not streaming. It runs
   * ahead of the checkpoint over blocks without events of bayrecon (configuration blocks).
   */
  readThroughBlock: number | null;
  /** Blocks of the channel on this org's peer (the next block's number); null when the peer did not answer. */
  ledgerHeight: number | null;
  /** Blocks committed after the last block read (or the checkpoint's); 0 when caught up; null when unknown. */
  lagBlocks: number | null;
  streaming: boolean;
  lastError: string | null;
}

/** Where the projection stands, for `GET /projection/status`: per channel, and in sum. */
export interface ProjectionStatus {
  channels: Record<string, ChannelProjectionStatus>;
  /** Blocks not yet read, over every channel; null when a channel's height is unknown. */
  lagBlocks: number | null;
  /** True when every channel's stream is open. */
  streaming: boolean;
}

/** Reads a channel's checkpoint row through a manager (the caller's transaction, or the data source's); undefined before its first use. */
export async function readCheckpoint(manager: EntityManager, channel: string): Promise<ProjectionCheckpointEntity | undefined> {
  return (await manager.getRepository(ProjectionCheckpointEntity).findOneBy({ channel })) ?? undefined;
}

/**
 * Wipes the projection (its tables and every channel's checkpoint) so that it replays each channel from its
 * genesis block. Changes up to the block each channel had reached are marked as history, so the replay sends no
 * webhook or SSE message twice.
 *
 * @returns the block each channel had reached.
 */
export async function wipeProjection(dataSource: DataSource): Promise<Record<string, number | null>> {
  return dataSource.transaction(async (manager) => {
    const checkpoints = await manager.getRepository(ProjectionCheckpointEntity).find();
    for (const entity of PROJECTION_ENTITIES) {
      if (entity !== ProjectionCheckpointEntity) await manager.getRepository(entity).createQueryBuilder().delete().execute();
    }
    const reached: Record<string, number | null> = {};
    for (const checkpoint of checkpoints) {
      reached[checkpoint.channel] = checkpoint.blockNumber;
      const silentUntilBlock = Math.max(checkpoint.blockNumber ?? -1, checkpoint.silentUntilBlock ?? -1);
      await manager.getRepository(ProjectionCheckpointEntity).update({ channel: checkpoint.channel }, {
        blockNumber: null, transactionId: null, silentUntilBlock: silentUntilBlock >= 0 ? silentUntilBlock : null,
        updatedAt: new Date().toISOString(),
      });
    }
    return reached;
  });
}

/** One channel's stream as the projection follows it. */
interface Follower {
  channel: string;
  loop: Promise<void>;
  stream: CloseableAsyncIterable<BlockEvents> | undefined;
  /** The last block the running stream read whole, and the checkpoint it left (to tell a rebuild by the CLI). */
  readThrough: { blockNumber: number; checkpoint: Checkpoint } | undefined;
  lastError: string | null;
  wakeUp: (() => void) | undefined;
}

/**
 * Keeps this org's projection tables in step with the ledger: one follower per channel its peer is on (the
 * consortium's, and each pair's it sees; a pair's channel created later is followed from the directory change
 * that made it). Each listens to the chaincode events of its channel from its checkpoint's block on, skips those up
 * to the checkpoint's transaction, and applies each new event together with its new checkpoint in one database
 * transaction: a crash at any point neither applies an event twice nor skips one. A broken stream is reopened from
 * the stored checkpoint with exponential back-off. Channels are independent: a pair's payments are on its channel
 * alone, and documents and the directory on the consortium's.
 *
 * Event time is the transaction's timestamp from its block, not the time the projection applied it: a rebuild then
 * gives identical tables, and a break keeps its true age.
 */
@Injectable()
export class ProjectionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly projector: Projector;
  /** A bank's audit of the sides its outbox lost with a database restored from a backup; none on a regulator's. */
  private readonly intake: IntakeAudit | undefined;
  private running = false;
  private readonly followers = new Map<string, Follower>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LedgerClient) private readonly ledger: ProjectionLedger,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'fabric'>,
    private readonly logger: JsonLogger,
    private readonly feed: StatusFeed,
    private readonly webhooks: WebhookService,
    @Inject(MemberDirectoryService) private readonly directory: Pick<MemberDirectoryService, 'current' | 'update' | 'onChange'>,
  ) {
    const regulator = directory.current().isRegulator(config.fabric.mspId);
    this.intake = regulator ? undefined : new IntakeAudit(dataSource, config.fabric.mspId, logger);
    this.projector = new Projector(config.fabric.mspId, regulator, this.intake);
    directory.onChange(() => this.followChannels());
  }

  /**
   * Marks the history of each new channel projection and begins the intake audit of each pair channel, then starts
   * the followers; awaited before the API listens.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const channel of this.ledger.channels()) {
      await this.markHistoryOfNewProjection(channel).catch((error: unknown) => {
        this.logger.event('warn', 'projection: ledger height unknown at start', { channel, error: String(error) });
      });
    }
    await this.beginIntakeAudit();
    this.start();
  }

  /** The audit of a bank's pair channels (see IntakeAudit); a channel whose height is unknown is left unaudited, and says so. */
  private async beginIntakeAudit(): Promise<void> {
    if (this.intake === undefined) return;
    const followed = new Set(this.ledger.channels());
    const pairs = this.directory.current().bankPairsOf(this.ledger.mspId)
      .filter((pair) => followed.has(pair.channel))
      .map((pair) => ({ channel: pair.channel, counterpartyOrg: pair.orgs[0] === this.ledger.mspId ? pair.orgs[1] : pair.orgs[0] }));
    for (const pair of pairs) {
      await this.intake.begin([pair], async (channel) => heightOfChainInfo(await this.ledger.getChainInfo(channel))).catch((error: unknown) => {
        this.logger.event('error', 'intake: the audit of a pair channel could not begin; sides lost with a restored database would not be counted on it', {
          channel: pair.channel, error: String(error),
        });
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts following every channel (idempotent). */
  start(): void {
    this.running = true;
    this.followChannels();
  }

  /** Stops listening; an event being applied finishes (or rolls back) first. */
  async stop(): Promise<void> {
    this.running = false;
    for (const follower of this.followers.values()) {
      follower.stream?.close();
      follower.wakeUp?.();
    }
    await Promise.all([...this.followers.values()].map((follower) => follower.loop));
    this.followers.clear();
  }

  private followChannels(): void {
    if (!this.running) return;
    for (const channel of this.ledger.channels()) {
      if (this.followers.has(channel)) continue;
      const follower: Follower = { channel, loop: Promise.resolve(), stream: undefined, readThrough: undefined, lastError: null, wakeUp: undefined };
      this.followers.set(channel, follower);
      follower.loop = this.run(follower);
    }
  }

  /** Where the projection stands on each channel, and how far behind this org's peer it is. */
  async status(): Promise<ProjectionStatus> {
    const channels: Record<string, ChannelProjectionStatus> = {};
    for (const channel of this.ledger.channels()) {
      const row = await readCheckpoint(this.dataSource.manager, channel);
      const checkpoint = { blockNumber: row?.blockNumber ?? null, transactionId: row?.transactionId ?? null };
      const follower = this.followers.get(channel);
      // A rebuild run by the CLI beside this process wipes the checkpoint; what this stream read before it no longer counts.
      const readThroughBlock = follower?.readThrough !== undefined && sameCheckpoint(checkpoint, follower.readThrough.checkpoint)
        ? follower.readThrough.blockNumber : null;
      let ledgerHeight: number | null = null;
      try {
        ledgerHeight = heightOfChainInfo(await this.ledger.getChainInfo(channel));
      } catch {
        // reported as unknown
      }
      const reached = Math.max(checkpoint.blockNumber ?? -1, readThroughBlock ?? -1);
      const lagBlocks = ledgerHeight === null ? null : Math.max(0, ledgerHeight - 1 - reached);
      channels[channel] = {
        checkpoint, readThroughBlock, ledgerHeight, lagBlocks, streaming: follower?.stream !== undefined, lastError: follower?.lastError ?? null,
      };
    }
    const all = Object.values(channels);
    return {
      channels,
      lagBlocks: all.some((channel) => channel.lagBlocks === null) ? null : all.reduce((sum, channel) => sum + (channel.lagBlocks as number), 0),
      streaming: all.every((channel) => channel.streaming),
    };
  }

  /**
   * A brand-new channel projection (no row yet, or nothing applied nor marked) replays the channel's whole ledger;
   * that history must not be pushed to webhooks and SSE as if it were news, so everything up to the channel's
   * current height is marked silent.
   */
  private async markHistoryOfNewProjection(channel: string): Promise<void> {
    const row = await readCheckpoint(this.dataSource.manager, channel);
    if (row !== undefined && (row.blockNumber !== null || row.silentUntilBlock !== null)) return;
    const height = heightOfChainInfo(await this.ledger.getChainInfo(channel));
    await this.dataSource.getRepository(ProjectionCheckpointEntity).upsert(
      { channel, blockNumber: null, transactionId: null, silentUntilBlock: height - 1, updatedAt: new Date().toISOString() }, ['channel'],
    );
  }

  private async run(follower: Follower): Promise<void> {
    const { channel } = follower;
    let failures = 0;
    while (this.running) {
      try {
        let row = await readCheckpoint(this.dataSource.manager, channel);
        if (row === undefined || (row.blockNumber === null && row.silentUntilBlock === null)) {
          await this.markHistoryOfNewProjection(channel);
          row = await readCheckpoint(this.dataSource.manager, channel);
        }
        let checkpoint: Checkpoint = { blockNumber: row?.blockNumber ?? null, transactionId: row?.transactionId ?? null };
        const filter = new ResumeFilter(checkpoint);
        follower.stream = await this.ledger.eventsByBlock(channel, BigInt(resumeBlock(checkpoint)));
        this.logger.event('info', 'projection: listening', { channel, fromBlock: resumeBlock(checkpoint), checkpointTransactionId: checkpoint.transactionId });
        for await (const block of follower.stream) {
          if (!this.running) break;
          const blockNumber = Number(block.blockNumber);
          for (const raw of block.events) {
            if (!this.running) break;
            if (!filter.isNew(blockNumber, raw.transactionId)) continue;
            const event: LedgerEvent = {
              channel, blockNumber, transactionId: raw.transactionId, eventName: raw.eventName,
              payload: JSON.parse(Buffer.from(raw.payload).toString('utf8')) as unknown,
            };
            checkpoint = await this.applyOne(event, checkpoint);
          }
          if (this.running) {
            follower.readThrough = { blockNumber, checkpoint };
            await this.intake?.passed(channel, blockNumber);
          }
          failures = 0;
          follower.lastError = null;
        }
      } catch (error) {
        if (!this.running) break;
        follower.lastError = error instanceof Error ? error.message : String(error);
        if (!(error instanceof CheckpointMovedError)) failures += 1;
        this.logger.event(error instanceof CheckpointMovedError ? 'info' : 'warn', 'projection: stream restarts', { channel, error: follower.lastError, failures });
      } finally {
        follower.stream?.close();
        follower.stream = undefined;
        follower.readThrough = undefined;
      }
      if (this.running && failures > 0) await this.sleep(follower, backoffMs(failures, STREAM_BACKOFF));
    }
  }

  /** Applies one event and its checkpoint in one database transaction; returns the new checkpoint. */
  private async applyOne(event: LedgerEvent, expected: Checkpoint): Promise<Checkpoint> {
    const origin = originOf(event.payload);
    let silent = false;
    const changes = await this.dataSource.transaction(async (manager) => {
      const stored = await readCheckpoint(manager, event.channel);
      if (stored === undefined || !sameCheckpoint(stored, expected)) throw new CheckpointMovedError('the stored checkpoint changed (projection rebuilt)');
      const applied = await this.projector.apply(manager, event, origin);
      silent = stored.silentUntilBlock !== null && event.blockNumber <= stored.silentUntilBlock;
      if (!silent) await this.webhooks.enqueue(manager, applied);
      await manager.getRepository(ProjectionCheckpointEntity).update({ channel: event.channel }, {
        blockNumber: event.blockNumber, transactionId: event.transactionId, updatedAt: new Date().toISOString(),
      });
      return applied;
    });
    if (event.eventName === DIRECTORY_CHANGED_EVENT) await this.refreshDirectory();
    if (changes.length > 0) {
      this.logger.event('debug', 'projection: applied', { channel: event.channel, transactionId: event.transactionId, blockNumber: event.blockNumber, changes: changes.length });
      if (!silent) {
        this.feed.publish(changes);
        this.webhooks.wake();
      }
    }
    return { blockNumber: event.blockNumber, transactionId: event.transactionId };
  }

  /**
   * A directory change committed: the instance reads the directory again, so that a bank admitted on the running
   * network is known (its BICs, the channel of its pair with this org) without a restart.
   */
  private async refreshDirectory(): Promise<void> {
    try {
      this.directory.update(await this.ledger.memberDirectory.read());
    } catch (error) {
      this.logger.event('warn', 'directory: could not be read after a change', { error: String(error) });
    }
  }

  private sleep(follower: Follower, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      follower.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
