import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';

/** Counts are bigint columns (PostgreSQL's integer stops at 2^31), which the pg driver returns as text. */
const count: ValueTransformer = { to: (value: number) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

/** The id this database's outbox announces with every batch: drawn once, when the database is created. */
@Entity('intake_outbox')
export class IntakeOutboxEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}

/** How many sides the outbox has accepted (fresh rows, pending ones included) for one counterparty bank. */
@Entity('intake_counters')
export class IntakeCounterEntity {
  @PrimaryColumn({ name: 'counterparty_org', type: 'varchar', length: 32 })
  counterpartyOrg!: string;

  @Column({ name: 'accepted_sides', type: 'bigint', transformer: count })
  acceptedSides!: number;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}

/**
 * An audit in progress on one pair channel: what the instance noted when it started (the channel's height, its
 * counter for the counterparty, its last outbox row) and what the projection has found in the blocks below that
 * height so far. Kept until the projection passes the height, so an instance that stops during the audit resumes it.
 */
@Entity('intake_audits')
export class IntakeAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel!: string;

  @Column({ name: 'counterparty_org', type: 'varchar', length: 32 })
  counterpartyOrg!: string;

  /** The channel's height at the start: announcements in blocks below it were sent before this instance ran. */
  @Column({ name: 'start_height', type: 'bigint', transformer: count })
  startHeight!: number;

  @Column({ name: 'counter_at_start', type: 'bigint', transformer: count })
  counterAtStart!: number;

  /** The last outbox row at the start: a side with no row up to it was accepted by an outbox this database lost. */
  @Column({ name: 'last_outbox_item', type: 'bigint', transformer: count })
  lastOutboxItem!: number;

  /** The highest count this outbox announced in the blocks below the start height; null before the first. */
  @Column({ type: 'bigint', nullable: true, transformer: count })
  announced!: number | null;

  /** Sides committed by batches announcing more than the counter at start that have no outbox row. */
  @Column({ name: 'committed_found', type: 'bigint', transformer: count })
  committedFound!: number;

  @Column({ name: 'started_at', type: 'varchar', length: 32 })
  startedAt!: string;
}

/** One completed audit: what was announced, counted and found, and the sides lost (0 after an ordinary restart). */
@Entity('intake_reports')
export class IntakeReportEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  channel!: string;

  @Column({ name: 'counterparty_org', type: 'varchar', length: 32 })
  counterpartyOrg!: string;

  @Column({ type: 'bigint', nullable: true, transformer: count })
  announced!: number | null;

  @Column({ name: 'counter_at_start', type: 'bigint', transformer: count })
  counterAtStart!: number;

  @Column({ name: 'committed_found', type: 'bigint', transformer: count })
  committedFound!: number;

  @Column({ type: 'bigint', transformer: count })
  lost!: number;

  /** The block the projection had read through when the audit completed. */
  @Column({ name: 'block_number', type: 'bigint', transformer: count })
  blockNumber!: number;

  @Column({ name: 'started_at', type: 'varchar', length: 32 })
  startedAt!: string;

  @Column({ name: 'recorded_at', type: 'varchar', length: 32 })
  recordedAt!: string;
}

export const INTAKE_ENTITIES = [IntakeOutboxEntity, IntakeCounterEntity, IntakeAuditEntity, IntakeReportEntity];
