import type { MigrationInterface, QueryRunner } from "typeorm";

export class StoredFileReadPermission1795456841251 implements MigrationInterface {
  name = "StoredFileReadPermission1795456841251";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `stored_file` ADD `read_permission` varchar(64) NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `stored_file` DROP COLUMN `read_permission`");
  }
}
