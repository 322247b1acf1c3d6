import { MigrationInterface, QueryRunner, Table } from 'typeorm';

export class ApiKeys1763900000000 implements MigrationInterface {
  name = 'ApiKeys1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'api_keys',
      columns: [
        { name: 'id', type: 'varchar', length: '32', isPrimary: true },
        { name: 'key_hash', type: 'varchar', length: '64', isUnique: true },
        { name: 'role', type: 'varchar', length: '16' },
        { name: 'label', type: 'varchar', length: '100' },
        { name: 'created_at', type: 'timestamp', default: 'CURRENT_TIMESTAMP' },
        { name: 'revoked_at', type: 'varchar', length: '32', isNullable: true },
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
  }
}
