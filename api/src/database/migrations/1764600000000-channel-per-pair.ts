import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Each bank pair's payments are on a channel of their own, with block numbers of its own: the projection keeps a
 * checkpoint per channel and names the channel of every payment and change. A projection built from one shared
 * channel has no meaning on the pairs' channels, so its rows go and it replays every channel from its genesis block.
 */
export class ChannelPerPair1764600000000 implements MigrationInterface {
  name = 'ChannelPerPair1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['payment_events', 'payments', 'verifications', 'anchors']) {
      await queryRunner.query(`DELETE FROM ${table}`);
    }
    await queryRunner.dropTable('projection_checkpoint');
    await queryRunner.createTable(new Table({
      name: 'projection_checkpoints',
      columns: [
        { name: 'channel', type: 'varchar', length: '64', isPrimary: true },
        { name: 'block_number', type: 'bigint', isNullable: true },
        { name: 'transaction_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'silent_until_block', type: 'bigint', isNullable: true },
        { name: 'updated_at', type: 'varchar', length: '32', isNullable: true },
      ],
    }));
    await queryRunner.addColumn('payments', new TableColumn({ name: 'channel', type: 'varchar', length: '64', default: "''" }));
    await queryRunner.addColumn('payment_events', new TableColumn({ name: 'channel', type: 'varchar', length: '64', default: "''" }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('payment_events', 'channel');
    await queryRunner.dropColumn('payments', 'channel');
    await queryRunner.dropTable('projection_checkpoints');
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
  }
}
