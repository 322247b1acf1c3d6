import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/**
 * One status change on its way to one webhook URL. Written in the same database transaction as the projection
 * change it reports, so a crash neither loses nor invents a delivery; PENDING rows are resumed after a restart.
 */
@Entity('webhook_deliveries')
@Index('webhook_deliveries_once', ['url', 'eventId'], { unique: true })
@Index('webhook_deliveries_due', ['status', 'nextAttemptAt'])
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 1000 })
  url!: string;

  /** The status change's id (`<transactionId>:<uetr>`): receivers deduplicate on it. */
  @Column({ name: 'event_id', type: 'varchar', length: 120 })
  eventId!: string;

  /** The exact JSON bytes that are signed and sent, identical on every attempt. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32 })
  nextAttemptAt!: string;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'delivered_at', type: 'varchar', length: 32, nullable: true })
  deliveredAt!: string | null;
}
