import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { SideName } from '@bayrecon/common';

/** One accepted request: what an Idempotency-Key replays. */
@Entity('submissions')
export class SubmissionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request's canonical content: a replay with another body under the same key is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 16 })
  source!: string;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}

export type OutboxStatus = 'PENDING' | 'COMMITTED' | 'REJECTED';

/** The `side_key` of a UETR's side: what makes a side accepted once, however often it is sent. */
export const sideKeyOf = (uetr: string, side: SideName): string => `${uetr}:${side}`;

/**
 * One payment side waiting for, or done with, its trip to the ledger. Stored before the API answers 202, so
 * an accepted side survives a crash; the worker resubmits what is still PENDING after a restart, which the
 * chaincode treats as an idempotent no-op where the first attempt had in fact committed.
 */
@Entity('outbox_items')
@Index('outbox_pending', ['status', 'id'])
export class OutboxItemEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'submission_id', type: 'varchar', length: 36 })
  submissionId!: string;

  @Column({ type: 'varchar', length: 36 })
  uetr!: string;

  @Column({ type: 'varchar', length: 16 })
  side!: string;

  @Column({ name: 'counterparty_org', type: 'varchar', length: 32 })
  counterpartyOrg!: string;

  /** UETR and side: the same side is accepted once, however often it is sent. */
  @Index({ unique: true })
  @Column({ name: 'side_key', type: 'varchar', length: 64 })
  sideKey!: string;

  /** The normalised side as canonical JSON (the transient data of its batch). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'payload_hash', type: 'varchar', length: 64 })
  payloadHash!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  // The table's default is 0 (see the migration). The entity names none: TypeORM reads every inserted row back
  // from SQLite to learn the value of a column with a default, and acceptance always sets this one.
  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ name: 'block_number', type: 'varchar', length: 20, nullable: true })
  blockNumber!: string | null;

  /** Not before this time (ISO): the back-off after a retryable failure. */
  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32 })
  nextAttemptAt!: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;
}
