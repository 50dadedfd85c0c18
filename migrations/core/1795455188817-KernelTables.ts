import type { MigrationInterface, QueryRunner } from "typeorm";

export class KernelTables1795455188817 implements MigrationInterface {
  name = "KernelTables1795455188817";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `type` varchar(120) NOT NULL, `payload` longtext NOT NULL, `actor` varchar(120) NULL, `request_id` varchar(64) NULL, `occurred_at` datetime(3) NOT NULL, `dispatched_at` datetime(3) NULL, INDEX `IDX_f8fc6eaaf0d0b68846236ae0e5` (`dispatched_at`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`handler` varchar(120) NOT NULL, `event_id` bigint UNSIGNED NOT NULL, `processed_at` datetime(3) NOT NULL, PRIMARY KEY (`handler`, `event_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tenant` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `slug` varchar(63) NOT NULL, `name` varchar(200) NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), UNIQUE INDEX `IDX_abfd243f7bd832e806d19c5a91` (`slug`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `tenant_module_setting` (`tenant_id` bigint UNSIGNED NOT NULL, `module` varchar(16) NOT NULL, `enabled` tinyint NOT NULL, `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), PRIMARY KEY (`tenant_id`, `module`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `tenant_module_setting`");
    await queryRunner.query("DROP INDEX `IDX_abfd243f7bd832e806d19c5a91` ON `tenant`");
    await queryRunner.query("DROP TABLE `tenant`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_f8fc6eaaf0d0b68846236ae0e5` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
