import type { MigrationInterface, QueryRunner } from "typeorm";

export class AccountDomainIndex1795456935881 implements MigrationInterface {
  name = "AccountDomainIndex1795456935881";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_f2f2b3972482dd630cf4b52519` ON `account` (`tenant_id`, `domain`)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_f2f2b3972482dd630cf4b52519` ON `account`");
  }
}
