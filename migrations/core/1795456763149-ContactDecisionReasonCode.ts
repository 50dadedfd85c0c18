import type { MigrationInterface, QueryRunner } from "typeorm";

export class ContactDecisionReasonCode1795456763149 implements MigrationInterface {
  name = "ContactDecisionReasonCode1795456763149";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `contact_decision` ADD `reason_code` varchar(24) NOT NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `contact_decision` DROP COLUMN `reason_code`");
  }
}
