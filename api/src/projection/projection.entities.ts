import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';

/** Block numbers are BIGINT columns; PostgreSQL's driver returns them as strings, SQLite's as numbers. */
export const blockNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

/**
 * The projection's view of one payment this org may see: its public state after the last transaction that
 * changed it. Times are ledger times (the transaction's timestamp), so a rebuild gives the same rows.
 */
@Entity('payments')
@Index('payments_status', ['status'])
@Index('payments_corridor_date', ['corridor', 'settlementDate'])
@Index('payments_order', ['firstSeenBlock', 'uetr'])
export class PaymentViewEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  uetr!: string;

  @Column({ type: 'varchar', length: 8 })
  corridor!: string;

  /** The bank pair's channel that holds the payment: its block numbers are that channel's. */
  @Column({ type: 'varchar', length: 64 })
  channel!: string;

  @Column({ name: 'message_type', type: 'varchar', length: 16 })
  messageType!: string;

  @Column({ name: 'debtor_agent_org', type: 'varchar', length: 32 })
  debtorAgentOrg!: string;

  @Column({ name: 'creditor_agent_org', type: 'varchar', length: 32 })
  creditorAgentOrg!: string;

  @Column({ name: 'settlement_date', type: 'varchar', length: 10 })
  settlementDate!: string;

  /** Comma-separated side names, in the order the ledger gave them. */
  @Column({ name: 'sides_present', type: 'varchar', length: 40 })
  sidesPresent!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: string;

  /** Comma-separated names of the differing matching fields ('' when none). */
  @Column({ name: 'differing_fields', type: 'text' })
  differingFields!: string;

  /**
   * The ledger's decision on the differing fields, one `field:CODE` per field, comma-separated, within-tolerance
   * codes first ('' when the sides are equal or not both in); see MatchDecision.
   */
  @Column({ type: 'text', default: '' })
  reasons!: string;

  /** The rule set version the decision was taken under; null when none was applied. */
  @Column({ name: 'rule_set_version', type: 'integer', nullable: true })
  ruleSetVersion!: number | null;

  @Column({ name: 'first_seen_at', type: 'varchar', length: 32 })
  firstSeenAt!: string;

  @Column({ name: 'first_seen_block', type: 'bigint', transformer: blockNumber })
  firstSeenBlock!: number;

  /** When the payment became a break (ledger time); null while MATCHED or RESOLVED. */
  @Index('payments_break_since')
  @Column({ name: 'break_since', type: 'varchar', length: 32, nullable: true })
  breakSince!: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt!: string;

  @Column({ name: 'last_transaction_id', type: 'varchar', length: 64 })
  lastTransactionId!: string;

  @Column({ name: 'last_block_number', type: 'bigint', transformer: blockNumber })
  lastBlockNumber!: number;
}

/** Every change of a payment the projection applied, in ledger order: the audit trail this instance saw. */
@Entity('payment_events')
@Index('payment_events_once', ['transactionId', 'uetr'], { unique: true })
@Index('payment_events_uetr', ['uetr', 'id'])
export class PaymentEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  uetr!: string;

  /** The chaincode transaction that made the change, e.g. `submitSides`, `amendSide`, `runCutOff`. */
  @Column({ type: 'varchar', length: 40 })
  transaction!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: string;

  @Column({ name: 'previous_status', type: 'varchar', length: 24, nullable: true })
  previousStatus!: string | null;

  @Column({ name: 'differing_fields', type: 'text' })
  differingFields!: string;

  @Column({ name: 'sides_present', type: 'varchar', length: 40 })
  sidesPresent!: string;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64 })
  transactionId!: string;

  /** The channel of the transaction; `blockNumber` is a block of it. */
  @Column({ type: 'varchar', length: 64 })
  channel!: string;

  @Column({ name: 'block_number', type: 'bigint', transformer: blockNumber })
  blockNumber!: number;

  @Column({ type: 'varchar', length: 32 })
  at!: string;
}

/** A document anchor this org may see (its own as issuer; all of them on a regulator's instance). */
@Entity('anchors')
export class AnchorViewEntity {
  @PrimaryColumn({ name: 'document_hash', type: 'varchar', length: 64 })
  documentHash!: string;

  @Column({ name: 'issuer_org', type: 'varchar', length: 32 })
  issuerOrg!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'ACTIVE' | 'REVOKED';

  @Column({ name: 'anchored_at', type: 'varchar', length: 32 })
  anchoredAt!: string;

  @Column({ name: 'anchored_transaction_id', type: 'varchar', length: 64 })
  anchoredTransactionId!: string;

  @Column({ name: 'anchored_block', type: 'bigint', transformer: blockNumber })
  anchoredBlock!: number;

  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt!: string | null;

  @Column({ name: 'revoked_transaction_id', type: 'varchar', length: 64, nullable: true })
  revokedTransactionId!: string | null;

  @Column({ name: 'revoked_block', type: 'bigint', nullable: true, transformer: blockNumber })
  revokedBlock!: number | null;
}

/** A logged verification this org may see: of its documents, or by it; all of them on the regulator's. */
@Entity('verifications')
@Index('verifications_hash', ['documentHash'])
export class VerificationViewEntity {
  @PrimaryColumn({ name: 'transaction_id', type: 'varchar', length: 64 })
  transactionId!: string;

  @Column({ name: 'document_hash', type: 'varchar', length: 64 })
  documentHash!: string;

  @Column({ name: 'verifier_org', type: 'varchar', length: 32 })
  verifierOrg!: string;

  /** Known when the anchor is in this projection (always on a regulator's instance). */
  @Column({ name: 'issuer_org', type: 'varchar', length: 32, nullable: true })
  issuerOrg!: string | null;

  @Column({ type: 'varchar', length: 16 })
  result!: string;

  @Column({ name: 'block_number', type: 'bigint', transformer: blockNumber })
  blockNumber!: number;

  @Column({ type: 'varchar', length: 32 })
  at!: string;
}

/**
 * Where the projection stands on one channel: the last applied chaincode event (block and transaction), one row
 * per channel this org's peer is on. `silentUntilBlock`: changes in blocks up to it are history (the catch-up of a new or rebuilt projection) and
 * go to neither the SSE stream nor the webhooks.
 */
@Entity('projection_checkpoints')
export class ProjectionCheckpointEntity {
  /** The channel this row follows: the consortium's, or one bank pair's. Block numbers are per channel. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  channel!: string;

  @Column({ name: 'block_number', type: 'bigint', nullable: true, transformer: blockNumber })
  blockNumber!: number | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ name: 'silent_until_block', type: 'bigint', nullable: true, transformer: blockNumber })
  silentUntilBlock!: number | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32, nullable: true })
  updatedAt!: string | null;
}

/** Every table the projection owns, in the order a wipe deletes them. */
export const PROJECTION_ENTITIES = [PaymentEventEntity, PaymentViewEntity, VerificationViewEntity, AnchorViewEntity, ProjectionCheckpointEntity];
