import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JsonLogger } from '../logging/json-logger';
import { PaymentStatusChange } from './status-change';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook, webhookBackoffMs } from './webhook-signature';

const POLL_MS = 500;
const REQUEST_TIMEOUT_MS = 10_000;
const DUE_PER_ROUND = 50;

type WebhookConfig = Pick<AppConfig, 'webhookUrls' | 'webhookSecret' | 'webhookMaxAttempts' | 'webhookRetryBaseMs'>;

/**
 * Signed webhooks of status changes. {@link enqueue} writes one PENDING delivery per configured URL inside the
 * projection's transaction; the worker POSTs each (JSON body, `X-Bayrecon-Signature: sha256=<HMAC of timestamp.body>`), retries
 * failures (non-2xx, timeouts, refused connections) with exponential back-off and marks a delivery FAILED after
 * WEBHOOK_MAX_ATTEMPTS. Deliveries to one URL go one at a time, oldest first; a retried one may arrive after
 * newer ones, so receivers order by `blockNumber` and deduplicate on the event id. PENDING rows survive a restart.
 */
@Injectable()
export class WebhookService implements OnApplicationBootstrap, OnModuleDestroy {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: WebhookConfig,
    private readonly logger: JsonLogger,
  ) {}

  /** True when WEBHOOK_URLS names at least one receiver. */
  get enabled(): boolean {
    return this.config.webhookUrls.length > 0 && this.config.webhookSecret !== undefined;
  }

  /** Records the deliveries of these changes in the caller's transaction (the projection's). */
  async enqueue(manager: EntityManager, changes: readonly PaymentStatusChange[]): Promise<void> {
    if (!this.enabled || changes.length === 0) return;
    const now = new Date().toISOString();
    const rows = changes.flatMap((change) => this.config.webhookUrls.map((url) => ({
      url, eventId: change.id, body: JSON.stringify(change), status: 'PENDING' as const, attempts: 0,
      nextAttemptAt: now, lastStatusCode: null, lastError: null, createdAt: now, deliveredAt: null,
    })));
    for (let at = 0; at < rows.length; at += 100) {
      await manager.createQueryBuilder().insert().into(WebhookDeliveryEntity).values(rows.slice(at, at + 100)).orIgnore().execute();
    }
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.running = true;
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.round;
  }

  /** New deliveries were committed: send now rather than at the next poll. */
  wake(): void {
    if (!this.running) return;
    if (this.round !== undefined) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.round = this.deliverDue()
      .catch((error: unknown) => this.logger.event('error', 'webhook round failed', { error: String(error) }))
      .finally(() => {
        this.round = undefined;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), POLL_MS);
        }
      });
  }

  private async deliverDue(): Promise<void> {
    const repository = this.dataSource.getRepository(WebhookDeliveryEntity);
    const due = await repository.find({
      where: { status: 'PENDING', nextAttemptAt: LessThanOrEqual(new Date().toISOString()) },
      order: { id: 'ASC' },
      take: DUE_PER_ROUND,
    });
    const byUrl = new Map<string, WebhookDeliveryEntity[]>();
    for (const delivery of due) byUrl.set(delivery.url, [...(byUrl.get(delivery.url) ?? []), delivery]);
    await Promise.all([...byUrl.values()].map(async (queue) => {
      for (const delivery of queue) {
        if (!this.running) return;
        await this.attempt(delivery);
      }
    }));
  }

  /** One POST of one delivery, and its outcome recorded. */
  private async attempt(delivery: WebhookDeliveryEntity): Promise<void> {
    const attempts = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(this.config.webhookSecret as string, timestamp, delivery.body),
          [TIMESTAMP_HEADER]: timestamp,
          [EVENT_ID_HEADER]: delivery.eventId,
        },
        body: delivery.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (!response.ok) error = `receiver answered ${response.status}`;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const repository = this.dataSource.getRepository(WebhookDeliveryEntity);
    const now = new Date();
    if (error === null) {
      await repository.update({ id: delivery.id }, { status: 'DELIVERED', attempts, lastStatusCode: statusCode, lastError: null, deliveredAt: now.toISOString() });
      return;
    }
    const failed = attempts >= this.config.webhookMaxAttempts;
    const nextAttemptAt = new Date(now.getTime() + webhookBackoffMs(attempts, this.config.webhookRetryBaseMs)).toISOString();
    await repository.update({ id: delivery.id }, { status: failed ? 'FAILED' : 'PENDING', attempts, lastStatusCode: statusCode, lastError: error, nextAttemptAt });
    this.logger.event(failed ? 'error' : 'warn', failed ? 'webhook delivery failed' : 'webhook delivery will be retried', {
      url: delivery.url, eventId: delivery.eventId, attempts, statusCode, error, ...(failed ? {} : { nextAttemptAt }),
    });
  }
}
