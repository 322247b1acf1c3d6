import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Status reports (pacs.002) and statement entries (camt.053/054) a bank sends its instance, by UETR. */
export class IngestRecords1763900000100 implements MigrationInterface {
  name = 'IngestRecords1763900000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'status_reports',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'submission_id', type: 'varchar', length: '36' },
        { name: 'record_key', type: 'varchar', length: '64', isUnique: true },
        { name: 'message_id', type: 'varchar', length: '35' },
        { name: 'uetr', type: 'varchar', length: '36' },
        { name: 'original_message_id', type: 'varchar', length: '35' },
        { name: 'original_end_to_end_id', type: 'varchar', length: '35', isNullable: true },
        { name: 'transaction_status', type: 'varchar', length: '4' },
        { name: 'reason_code', type: 'varchar', length: '35', isNullable: true },
        { name: 'additional_information', type: 'text', isNullable: true },
        { name: 'created_at', type: 'varchar', length: '32' },
      ],
      indices: [{ name: 'status_reports_uetr', columnNames: ['uetr'] }],
    }));
    await queryRunner.createTable(new Table({
      name: 'statement_entries',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'submission_id', type: 'varchar', length: '36' },
        { name: 'record_key', type: 'varchar', length: '64', isUnique: true },
        { name: 'message_type', type: 'varchar', length: '8' },
        { name: 'message_id', type: 'varchar', length: '35' },
        { name: 'statement_id', type: 'varchar', length: '35' },
        { name: 'account', type: 'varchar', length: '34' },
        { name: 'entry_index', type: 'integer' },
        { name: 'transaction_detail_index', type: 'integer', isNullable: true },
        { name: 'uetr', type: 'varchar', length: '36', isNullable: true },
        { name: 'end_to_end_id', type: 'varchar', length: '35', isNullable: true },
        { name: 'amount', type: 'varchar', length: '24' },
        { name: 'currency', type: 'varchar', length: '3' },
        { name: 'credit_debit', type: 'varchar', length: '4' },
        { name: 'reversal', type: 'boolean' },
        { name: 'entry_status', type: 'varchar', length: '4' },
        { name: 'booking_date', type: 'varchar', length: '10', isNullable: true },
        { name: 'value_date', type: 'varchar', length: '10', isNullable: true },
        { name: 'bank_transaction_code', type: 'varchar', length: '64', isNullable: true },
        { name: 'created_at', type: 'varchar', length: '32' },
      ],
      indices: [{ name: 'statement_entries_uetr', columnNames: ['uetr'] }],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('statement_entries');
    await queryRunner.dropTable('status_reports');
  }
}
