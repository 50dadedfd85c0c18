import type { MigrationInterface, QueryRunner } from "typeorm";

export class QuoteSendCountedAtSend1796210251418 implements MigrationInterface {
  name = "QuoteSendCountedAtSend1796210251418";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `quote` DROP COLUMN `send_recheck`");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `quote` ADD `send_recheck` tinyint NOT NULL DEFAULT 0");
  }
}
