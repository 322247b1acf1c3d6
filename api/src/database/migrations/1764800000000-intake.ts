import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * What a restored database needs to tell which sides its instance lost (see api/src/intake): the outbox's id, a
 * counter of accepted sides per counterparty, the audits in progress and their reports. A database that already
 * has an outbox starts its counters at the rows it holds, so that its announcements count every side it accepted.
 */
export class Intake1764800000000 implements MigrationInterface {
  name = 'Intake1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'intake_outbox',
      columns: [
        { name: 'id', type: 'varchar', length: '64', isPrimary: true },
        { name: 'created_at', type: 'varchar', length: '32' },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'intake_counters',
      columns: [
        { name: 'counterparty_org', type: 'varchar', length: '32', isPrimary: true },
        { name: 'accepted_sides', type: 'bigint' },
        { name: 'updated_at', type: 'varchar', length: '32' },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'intake_audits',
      columns: [
        { name: 'channel', type: 'varchar', length: '64', isPrimary: true },
        { name: 'counterparty_org', type: 'varchar', length: '32' },
        { name: 'start_height', type: 'bigint' },
        { name: 'counter_at_start', type: 'bigint' },
        { name: 'last_outbox_item', type: 'bigint' },
        { name: 'announced', type: 'bigint', isNullable: true },
        { name: 'committed_found', type: 'bigint' },
        { name: 'started_at', type: 'varchar', length: '32' },
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'intake_reports',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'channel', type: 'varchar', length: '64' },
        { name: 'counterparty_org', type: 'varchar', length: '32' },
        { name: 'announced', type: 'bigint', isNullable: true },
        { name: 'counter_at_start', type: 'bigint' },
        { name: 'committed_found', type: 'bigint' },
        { name: 'lost', type: 'bigint' },
        { name: 'block_number', type: 'bigint' },
        { name: 'started_at', type: 'varchar', length: '32' },
        { name: 'recorded_at', type: 'varchar', length: '32' },
      ],
      indices: [{ name: 'intake_reports_channel', columnNames: ['channel', 'id'] }],
    }));
    const at = new Date().toISOString();
    const parameter = (n: number): string => (queryRunner.connection.options.type === 'postgres' ? `$${n}` : '?');
    await queryRunner.query(`INSERT INTO "intake_outbox" ("id", "created_at") VALUES (${parameter(1)}, ${parameter(2)})`, [randomUUID(), at]);
    await queryRunner.query(
      'INSERT INTO "intake_counters" ("counterparty_org", "accepted_sides", "updated_at") '
      + `SELECT "counterparty_org", COUNT(*), ${parameter(1)} FROM "outbox_items" GROUP BY "counterparty_org"`, [at],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['intake_reports', 'intake_audits', 'intake_counters', 'intake_outbox']) await queryRunner.dropTable(table);
  }
}
