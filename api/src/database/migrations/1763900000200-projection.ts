import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** The projection's tables and its one checkpoint row (nothing applied yet: it replays from block 0). */
export class Projection1763900000200 implements MigrationInterface {
  name = 'Projection1763900000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'payments',
      columns: [
        { name: 'uetr', type: 'varchar', length: '36', isPrimary: true },
        { name: 'corridor', type: 'varchar', length: '8' },
        { name: 'message_type', type: 'varchar', length: '16' },
        { name: 'debtor_agent_org', type: 'varchar', length: '32' },
        { name: 'creditor_agent_org', type: 'varchar', length: '32' },
        { name: 'settlement_date', type: 'varchar', length: '10' },
        { name: 'sides_present', type: 'varchar', length: '40' },
        { name: 'status', type: 'varchar', length: '24' },
        { name: 'differing_fields', type: 'text' },
        { name: 'first_seen_at', type: 'varchar', length: '32' },
        { name: 'first_seen_block', type: 'bigint' },
        { name: 'break_since', type: 'varchar', length: '32', isNullable: true },
        { name: 'updated_at', type: 'varchar', length: '32' },
        { name: 'last_transaction_id', type: 'varchar', length: '64' },
        { name: 'last_block_number', type: 'bigint' },
      ],
      indices: [
        { name: 'payments_status', columnNames: ['status'] },
        { name: 'payments_corridor_date', columnNames: ['corridor', 'settlement_date'] },
        { name: 'payments_order', columnNames: ['first_seen_block', 'uetr'] },
        { name: 'payments_break_since', columnNames: ['break_since'] },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'payment_events',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'uetr', type: 'varchar', length: '36' },
        { name: 'transaction', type: 'varchar', length: '40' },
        { name: 'status', type: 'varchar', length: '24' },
        { name: 'previous_status', type: 'varchar', length: '24', isNullable: true },
        { name: 'differing_fields', type: 'text' },
        { name: 'sides_present', type: 'varchar', length: '40' },
        { name: 'transaction_id', type: 'varchar', length: '64' },
        { name: 'block_number', type: 'bigint' },
        { name: 'at', type: 'varchar', length: '32' },
      ],
      indices: [
        { name: 'payment_events_once', columnNames: ['transaction_id', 'uetr'], isUnique: true },
        { name: 'payment_events_uetr', columnNames: ['uetr', 'id'] },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'anchors',
      columns: [
        { name: 'document_hash', type: 'varchar', length: '64', isPrimary: true },
        { name: 'issuer_org', type: 'varchar', length: '32' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'anchored_at', type: 'varchar', length: '32' },
        { name: 'anchored_transaction_id', type: 'varchar', length: '64' },
        { name: 'anchored_block', type: 'bigint' },
        { name: 'revoked_at', type: 'varchar', length: '32', isNullable: true },
        { name: 'revoked_transaction_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'revoked_block', type: 'bigint', isNullable: true },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'verifications',
      columns: [
        { name: 'transaction_id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'document_hash', type: 'varchar', length: '64' },
        { name: 'verifier_org', type: 'varchar', length: '32' },
        { name: 'issuer_org', type: 'varchar', length: '32', isNullable: true },
        { name: 'result', type: 'varchar', length: '16' },
        { name: 'block_number', type: 'bigint' },
        { name: 'at', type: 'varchar', length: '32' },
      ],
      indices: [{ name: 'verifications_hash', columnNames: ['document_hash'] }],
    }));
    await queryRunner.createTable(new Table({
      name: 'projection_checkpoint',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true },
        { name: 'block_number', type: 'bigint', isNullable: true },
        { name: 'transaction_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'silent_until_block', type: 'bigint', isNullable: true },
        { name: 'updated_at', type: 'varchar', length: '32', isNullable: true },
      ],
    }));
    await queryRunner.query('INSERT INTO projection_checkpoint (id) VALUES (1)');
    await queryRunner.createTable(new Table({
      name: 'webhook_deliveries',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'url', type: 'varchar', length: '1000' },
        { name: 'event_id', type: 'varchar', length: '120' },
        { name: 'body', type: 'text' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'next_attempt_at', type: 'varchar', length: '32' },
        { name: 'last_status_code', type: 'integer', isNullable: true },
        { name: 'last_error', type: 'text', isNullable: true },
        { name: 'created_at', type: 'varchar', length: '32' },
        { name: 'delivered_at', type: 'varchar', length: '32', isNullable: true },
      ],
      indices: [
        { name: 'webhook_deliveries_once', columnNames: ['url', 'event_id'], isUnique: true },
        { name: 'webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['webhook_deliveries', 'projection_checkpoint', 'verifications', 'anchors', 'payment_events', 'payments']) {
      await queryRunner.dropTable(table);
    }
  }
}
