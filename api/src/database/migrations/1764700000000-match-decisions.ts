import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A payment whose sides differ carries the ledger's decision on them: the rule set version it was taken under and a
 * code per differing field, which GET /payments and /breaks filter by and the regulators' reports count. Records
 * committed before decisions existed have none, so existing rows keep an empty list and no version.
 */
export class MatchDecisions1764700000000 implements MigrationInterface {
  name = 'MatchDecisions1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('payments', new TableColumn({ name: 'reasons', type: 'text', default: "''" }));
    await queryRunner.addColumn('payments', new TableColumn({ name: 'rule_set_version', type: 'integer', isNullable: true }));
    await queryRunner.createIndex('payments', new TableIndex({ name: 'payments_rule_set_version', columnNames: ['rule_set_version'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payments', 'payments_rule_set_version');
    await queryRunner.dropColumn('payments', 'rule_set_version');
    await queryRunner.dropColumn('payments', 'reasons');
  }
}
