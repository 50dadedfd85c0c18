import type { MigrationInterface, QueryRunner } from "typeorm";

export class LeadImportTotalRows1796209376471 implements MigrationInterface {
  name = "LeadImportTotalRows1796209376471";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `lead_import` ADD `total_rows` int UNSIGNED NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `lead_import` DROP COLUMN `total_rows`");
  }
}
