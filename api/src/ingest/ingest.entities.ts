import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns of every record stored from a bank's message, whatever the message: the submission that stored it,
 * the key that stores it once, the message it came from and when. Not an entity itself: each entity that extends
 * it is a table of its own with these columns (TypeORM's concrete table inheritance).
 */
abstract class IngestedRecordColumns {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'submission_id', type: 'varchar', length: 36 })
  submissionId!: string;

  /** SHA-256 of the record with its message id: the same message sent again stores each record once. */
  @Index({ unique: true })
  @Column({ name: 'record_key', type: 'varchar', length: 64 })
  recordKey!: string;

  @Column({ name: 'message_id', type: 'varchar', length: 35 })
  messageId!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}

/**
 * A payment status report (pacs.002 TxInfAndSts) received by this bank, linked to its payment by UETR. Kept in
 * the bank's own database only: status reports are the bank's operational view, not reconciliation records.
 */
@Entity('status_reports')
export class StatusReportEntity extends IngestedRecordColumns {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  uetr!: string;

  @Column({ name: 'original_message_id', type: 'varchar', length: 35 })
  originalMessageId!: string;

  @Column({ name: 'original_end_to_end_id', type: 'varchar', length: 35, nullable: true })
  originalEndToEndId!: string | null;

  @Column({ name: 'transaction_status', type: 'varchar', length: 4 })
  transactionStatus!: string;

  @Column({ name: 'reason_code', type: 'varchar', length: 35, nullable: true })
  reasonCode!: string | null;

  @Column({ name: 'additional_information', type: 'text', nullable: true })
  additionalInformation!: string | null;
}

/**
 * A booked (or pending) entry of a camt.053 statement or camt.054 notification of this bank, linked to its
 * payment by UETR when the entry carries one. Amounts stay decimal strings.
 */
@Entity('statement_entries')
export class StatementEntryEntity extends IngestedRecordColumns {
  @Column({ name: 'message_type', type: 'varchar', length: 8 })
  messageType!: string;

  @Column({ name: 'statement_id', type: 'varchar', length: 35 })
  statementId!: string;

  @Column({ type: 'varchar', length: 34 })
  account!: string;

  @Column({ name: 'entry_index', type: 'integer' })
  entryIndex!: number;

  @Column({ name: 'transaction_detail_index', type: 'integer', nullable: true })
  transactionDetailIndex!: number | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  uetr!: string | null;

  @Column({ name: 'end_to_end_id', type: 'varchar', length: 35, nullable: true })
  endToEndId!: string | null;

  @Column({ type: 'varchar', length: 24 })
  amount!: string;

  @Column({ type: 'varchar', length: 3 })
  currency!: string;

  @Column({ name: 'credit_debit', type: 'varchar', length: 4 })
  creditDebit!: string;

  @Column({ type: 'boolean' })
  reversal!: boolean;

  @Column({ name: 'entry_status', type: 'varchar', length: 4 })
  entryStatus!: string;

  @Column({ name: 'booking_date', type: 'varchar', length: 10, nullable: true })
  bookingDate!: string | null;

  @Column({ name: 'value_date', type: 'varchar', length: 10, nullable: true })
  valueDate!: string | null;

  @Column({ name: 'bank_transaction_code', type: 'varchar', length: 64, nullable: true })
  bankTransactionCode!: string | null;
}
