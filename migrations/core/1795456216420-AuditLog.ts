import type { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795456216420 implements MigrationInterface {
  name = "AuditLog1795456216420";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `audit_entry` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `actor` varchar(120) NULL, `operation` varchar(120) NULL, `action` varchar(16) NOT NULL, `entity_type` varchar(64) NOT NULL, `entity_id` varchar(64) NOT NULL, `changes` longtext NOT NULL, `request_id` varchar(64) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `IDX_2798bbbcee82496658d147df83` (`tenant_id`, `actor`, `id`), INDEX `IDX_252ca90e2051eee32081b91021` (`tenant_id`, `entity_type`, `entity_id`, `id`), INDEX `IDX_f0f4ec6a8e602427d3715dcf60` (`tenant_id`, `created_at`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_f0f4ec6a8e602427d3715dcf60` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `IDX_252ca90e2051eee32081b91021` ON `audit_entry`");
    await queryRunner.query("DROP INDEX `IDX_2798bbbcee82496658d147df83` ON `audit_entry`");
    await queryRunner.query("DROP TABLE `audit_entry`");
  }
}
