import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class Outbox1763900000001 implements MigrationInterface {
  name = 'Outbox1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'submissions',
      columns: [
        { name: 'id', type: 'varchar', length: '36', isPrimary: true },
        { name: 'idempotency_key', type: 'varchar', length: '200', isNullable: true, isUnique: true },
        { name: 'request_hash', type: 'varchar', length: '64' },
        { name: 'source', type: 'varchar', length: '16' },
        { name: 'item_count', type: 'integer' },
        { name: 'created_at', type: 'varchar', length: '32' },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'outbox_items',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'submission_id', type: 'varchar', length: '36' },
        { name: 'uetr', type: 'varchar', length: '36' },
        { name: 'side', type: 'varchar', length: '16' },
        { name: 'counterparty_org', type: 'varchar', length: '32' },
        { name: 'side_key', type: 'varchar', length: '64', isUnique: true },
        { name: 'payload', type: 'text' },
        { name: 'payload_hash', type: 'varchar', length: '64' },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'attempts', type: 'integer', default: 0 },
        { name: 'transaction_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'block_number', type: 'varchar', length: '20', isNullable: true },
        { name: 'next_attempt_at', type: 'varchar', length: '32' },
        { name: 'last_error', type: 'text', isNullable: true },
        { name: 'created_at', type: 'varchar', length: '32' },
        { name: 'updated_at', type: 'varchar', length: '32' },
      ],
      indices: [{ name: 'outbox_pending', columnNames: ['status', 'id'] }],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_items');
    await queryRunner.dropTable('submissions');
  }
}
