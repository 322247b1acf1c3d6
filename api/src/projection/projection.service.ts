import { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { originOf } from '@bayrecon/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { StatusFeed } from '../events/status-change';
import { WebhookService } from '../events/webhook.service';
import { BlockEvents } from '../fabric/events-by-block';
import { LedgerClient } from '../fabric/ledger-client';
import { heightOfChainInfo } from '../fabric/block-info';
import { JsonLogger } from '../logging/json-logger';
import { backoffMs } from '../retry/backoff';
import { Checkpoint, ResumeFilter, resumeBlock, sameCheckpoint } from './checkpoint';
import { LedgerEvent, Projector } from './projector';
import { PROJECTION_ENTITIES, ProjectionCheckpointEntity } from './projection.entities';

/** Pauses before reopening a broken event stream. */
const STREAM_BACKOFF = { firstMs: 250, maxMs: 30_000 };

/** What the projection needs of the ledger; {@link LedgerClient} in the application, a fake in unit tests. */
export type ProjectionLedger = Pick<LedgerClient, 'eventsByBlock' | 'getChainInfo' | 'mspId'>;

/** The checkpoint moved under a running stream (a rebuild wiped it): the stream restarts from the stored one. */
class CheckpointMovedError extends Error {}

/** Where the projection stands, for `GET /projection/status`. */
export interface ProjectionStatus {
  checkpoint: Checkpoint;
  /**
   * The last block the running stream has read whole, every event of it applied; null when not streaming. It runs
   * ahead of the checkpoint over blocks without events of bayrecon (configuration, other chaincodes).
   */
  readThroughBlock: number | null;
  /** Blocks on this org's peer (the next block's number); null when the peer did not answer. */
  ledgerHeight: number | null;
  /** Blocks committed after the last block read (or the checkpoint's); 0 when caught up; null when unknown. */
  lagBlocks: number | null;
  streaming: boolean;
  lastError: string | null;
}

/** Reads the checkpoint row through a manager (the caller's transaction, or the data source's). */
export async function readCheckpoint(manager: EntityManager): Promise<ProjectionCheckpointEntity> {
  const row = await manager.getRepository(ProjectionCheckpointEntity).findOneBy({ id: 1 });
  if (row === null) throw new Error('projection_checkpoint has no row 1: the projection migration did not run');
  return row;
}

/**
 * Wipes the projection (its tables and checkpoint) so that it replays from block 0, the genesis block. Changes up
 * to the block it had reached are marked as history, so the replay sends no webhook or SSE message twice.
 *
 * @returns the block the projection had reached.
 */
export async function wipeProjection(dataSource: DataSource): Promise<number | null> {
  return dataSource.transaction(async (manager) => {
    const checkpoint = await readCheckpoint(manager);
    for (const entity of PROJECTION_ENTITIES) {
      if (entity !== ProjectionCheckpointEntity) await manager.getRepository(entity).createQueryBuilder().delete().execute();
    }
    const silentUntilBlock = Math.max(checkpoint.blockNumber ?? -1, checkpoint.silentUntilBlock ?? -1);
    await manager.getRepository(ProjectionCheckpointEntity).update({ id: 1 }, {
      blockNumber: null, transactionId: null, silentUntilBlock: silentUntilBlock >= 0 ? silentUntilBlock : null,
      updatedAt: new Date().toISOString(),
    });
    return checkpoint.blockNumber;
  });
}

/**
 * Keeps this org's projection tables in step with the ledger. It listens to the chaincode events from the
 * checkpoint's block on, skips those up to the checkpoint's transaction, and applies each new event together with
 * its new checkpoint in one database transaction: a crash at any point neither applies an event twice nor skips
 * one. A broken stream is reopened from the stored checkpoint with exponential back-off.
 *
 * Event time is the transaction's timestamp from its block (fetched through qscc, once per block), not the time
 * the projection applied it: a rebuild then gives identical tables, and a break keeps its true age.
 */
@Injectable()
export class ProjectionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly projector: Projector;
  private running = false;
  private loop: Promise<void> | undefined;
  private stream: CloseableAsyncIterable<BlockEvents> | undefined;
  /** The last block the running stream read whole, and the checkpoint it left (to tell a rebuild by the CLI). */
  private readThrough: { blockNumber: number; checkpoint: Checkpoint } | undefined;
  private wakeUp: (() => void) | undefined;
  private lastError: string | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(LedgerClient) private readonly ledger: ProjectionLedger,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'fabric'>,
    private readonly logger: JsonLogger,
    private readonly feed: StatusFeed,
    private readonly webhooks: WebhookService,
  ) {
    this.projector = new Projector(config.fabric.mspId);
  }

  /** Marks the history of a new projection, then starts the listener; awaited before the API listens. */
  async onApplicationBootstrap(): Promise<void> {
    await this.markHistoryOfNewProjection().catch((error: unknown) => {
      this.logger.event('warn', 'projection: ledger height unknown at start', { error: String(error) });
    });
    this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Starts listening (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops listening; an event being applied finishes (or rolls back) first. */
  async stop(): Promise<void> {
    this.running = false;
    this.stream?.close();
    this.wakeUp?.();
    await this.loop;
  }

  /** Where the projection stands, and how far behind this org's peer it is. */
  async status(): Promise<ProjectionStatus> {
    const row = await readCheckpoint(this.dataSource.manager);
    const checkpoint = { blockNumber: row.blockNumber, transactionId: row.transactionId };
    // A rebuild run by the CLI beside this process wipes the checkpoint; what this stream read before it no longer counts.
    const readThroughBlock = this.readThrough !== undefined && sameCheckpoint(checkpoint, this.readThrough.checkpoint) ? this.readThrough.blockNumber : null;
    let ledgerHeight: number | null = null;
    try {
      ledgerHeight = heightOfChainInfo(await this.ledger.getChainInfo());
    } catch {
      // reported as unknown
    }
    const reached = Math.max(checkpoint.blockNumber ?? -1, readThroughBlock ?? -1);
    const lagBlocks = ledgerHeight === null ? null : Math.max(0, ledgerHeight - 1 - reached);
    return { checkpoint, readThroughBlock, ledgerHeight, lagBlocks, streaming: this.stream !== undefined, lastError: this.lastError };
  }

  /**
   * A brand-new projection (nothing applied, nothing marked) replays the whole ledger; that history must not be
   * pushed to webhooks and SSE as if it were news, so everything up to the current height is marked silent.
   */
  private async markHistoryOfNewProjection(): Promise<void> {
    const row = await readCheckpoint(this.dataSource.manager);
    if (row.blockNumber !== null || row.silentUntilBlock !== null) return;
    const height = heightOfChainInfo(await this.ledger.getChainInfo());
    await this.dataSource.getRepository(ProjectionCheckpointEntity).update({ id: 1 }, { silentUntilBlock: height - 1 });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const row = await readCheckpoint(this.dataSource.manager);
        if (row.blockNumber === null && row.silentUntilBlock === null) await this.markHistoryOfNewProjection();
        let checkpoint: Checkpoint = { blockNumber: row.blockNumber, transactionId: row.transactionId };
        const filter = new ResumeFilter(checkpoint);
        this.stream = await this.ledger.eventsByBlock(BigInt(resumeBlock(checkpoint)));
        this.logger.event('info', 'projection: listening', { fromBlock: resumeBlock(checkpoint), checkpointTransactionId: checkpoint.transactionId });
        for await (const block of this.stream) {
          if (!this.running) break;
          const blockNumber = Number(block.blockNumber);
          for (const raw of block.events) {
            if (!this.running) break;
            if (!filter.isNew(blockNumber, raw.transactionId)) continue;
            const event: LedgerEvent = {
              blockNumber, transactionId: raw.transactionId, eventName: raw.eventName,
              payload: JSON.parse(Buffer.from(raw.payload).toString('utf8')) as unknown,
            };
            checkpoint = await this.applyOne(event, checkpoint);
          }
          if (this.running) this.readThrough = { blockNumber, checkpoint };
          failures = 0;
          this.lastError = null;
        }
      } catch (error) {
        if (!this.running) break;
        this.lastError = error instanceof Error ? error.message : String(error);
        if (!(error instanceof CheckpointMovedError)) failures += 1;
        this.logger.event(error instanceof CheckpointMovedError ? 'info' : 'warn', 'projection: stream restarts', { error: this.lastError, failures });
      } finally {
        this.stream?.close();
        this.stream = undefined;
        this.readThrough = undefined;
      }
      if (this.running && failures > 0) await this.sleep(backoffMs(failures, STREAM_BACKOFF));
    }
  }

  /** Applies one event and its checkpoint in one database transaction; returns the new checkpoint. */
  private async applyOne(event: LedgerEvent, expected: Checkpoint): Promise<Checkpoint> {
    const origin = originOf(event.payload);
    let silent = false;
    const changes = await this.dataSource.transaction(async (manager) => {
      const stored = await readCheckpoint(manager);
      if (!sameCheckpoint(stored, expected)) throw new CheckpointMovedError('the stored checkpoint changed (projection rebuilt)');
      const applied = await this.projector.apply(manager, event, origin);
      silent = stored.silentUntilBlock !== null && event.blockNumber <= stored.silentUntilBlock;
      if (!silent) await this.webhooks.enqueue(manager, applied);
      await manager.getRepository(ProjectionCheckpointEntity).update({ id: 1 }, {
        blockNumber: event.blockNumber, transactionId: event.transactionId, updatedAt: new Date().toISOString(),
      });
      return applied;
    });
    if (changes.length > 0) {
      this.logger.event('debug', 'projection: applied', { transactionId: event.transactionId, blockNumber: event.blockNumber, changes: changes.length });
      if (!silent) {
        this.feed.publish(changes);
        this.webhooks.wake();
      }
    }
    return { blockNumber: event.blockNumber, transactionId: event.transactionId };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
