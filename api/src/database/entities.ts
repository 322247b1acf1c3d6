import { ApiKeyEntity } from '../auth/api-key.entity';
import { StatementEntryEntity, StatusReportEntity } from '../ingest/ingest.entities';
import { OutboxItemEntity, SubmissionEntity } from '../outbox/outbox.entities';
import { INTAKE_ENTITIES } from '../intake/intake.entities';
import { WebhookDeliveryEntity } from '../events/webhook-delivery.entity';
import { AnchorViewEntity, PaymentEventEntity, PaymentViewEntity, ProjectionCheckpointEntity, VerificationViewEntity } from '../projection/projection.entities';

/** Every TypeORM entity of the API, each declared in its capability's folder. */
export const ENTITIES = [ApiKeyEntity, SubmissionEntity, OutboxItemEntity, StatusReportEntity, StatementEntryEntity,
  PaymentViewEntity, PaymentEventEntity, AnchorViewEntity, VerificationViewEntity, ProjectionCheckpointEntity, WebhookDeliveryEntity,
  ...INTAKE_ENTITIES];
