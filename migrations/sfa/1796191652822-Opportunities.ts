import type { MigrationInterface, QueryRunner } from "typeorm";

export class Opportunities1796191652822 implements MigrationInterface {
  name = "Opportunities1796191652822";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `pipeline` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, `is_default` tinyint NOT NULL DEFAULT 0, `archived_at` datetime(3) NULL, UNIQUE INDEX `IDX_afcc9b34aa74b423527d6bc57a` (`tenant_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `pipeline_stage` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `pipeline_id` bigint UNSIGNED NOT NULL, `name` varchar(80) NOT NULL, `position` smallint UNSIGNED NOT NULL, `probability` tinyint UNSIGNED NOT NULL, `outcome` varchar(8) NOT NULL, `forecast_category` varchar(16) NOT NULL, `requirements` json NOT NULL, INDEX `IDX_6aa4e375df9af2bb7f95cbfbc2` (`tenant_id`, `pipeline_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `opportunity` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `name` varchar(200) NOT NULL, `account_id` bigint UNSIGNED NOT NULL, `pipeline_id` bigint UNSIGNED NOT NULL, `stage_id` bigint UNSIGNED NOT NULL, `status` varchar(8) NOT NULL, `amount` bigint NULL, `currency` char(3) NOT NULL, `expected_close_date` date NOT NULL, `probability` tinyint UNSIGNED NOT NULL, `forecast_category` varchar(16) NOT NULL, `competitors` json NOT NULL, `lost_reason` varchar(200) NULL, `segment` varchar(40) NULL, `next_step` varchar(300) NULL, `description` text NULL, `stage_entered_at` datetime(3) NOT NULL, `closed_at` datetime(3) NULL, `lead_id` bigint UNSIGNED NULL, INDEX `IDX_8c2c4fee3cbeb1cc0fe9c98636` (`tenant_id`, `status`, `closed_at`), INDEX `IDX_f8ea5aaf88bf62396bbdd35fad` (`tenant_id`, `stage_id`), INDEX `IDX_c3e48a79fbba76d360902a04ec` (`tenant_id`, `owner_id`, `expected_close_date`), INDEX `IDX_b3df68353e1da54ab73e40d659` (`tenant_id`, `account_id`), INDEX `IDX_cf5385b3e506534e89a8e87b8a` (`tenant_id`, `expected_close_date`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `opportunity_contact` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `opportunity_id` bigint UNSIGNED NOT NULL, `contact_id` bigint UNSIGNED NOT NULL, `role` varchar(20) NOT NULL, `is_primary` tinyint NOT NULL DEFAULT 0, INDEX `IDX_36234b58dee0da5e24db7d60e9` (`tenant_id`, `contact_id`), UNIQUE INDEX `IDX_c6821df37d0b47a07ad51b8afc` (`tenant_id`, `opportunity_id`, `contact_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `opportunity_stage_change` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `opportunity_id` bigint UNSIGNED NOT NULL, `from_stage_id` bigint UNSIGNED NULL, `to_stage_id` bigint UNSIGNED NOT NULL, `changed_at` datetime(3) NOT NULL, `seconds_in_from_stage` int UNSIGNED NULL, `changed_by_id` bigint UNSIGNED NULL, `amount` bigint NULL, INDEX `IDX_a37e7881112d60172e1d48b2e7` (`tenant_id`, `changed_at`), INDEX `IDX_1f613256977716f68a8e45f567` (`tenant_id`, `opportunity_id`, `changed_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_1f613256977716f68a8e45f567` ON `opportunity_stage_change`");
    await queryRunner.query("DROP INDEX `IDX_a37e7881112d60172e1d48b2e7` ON `opportunity_stage_change`");
    await queryRunner.query("DROP TABLE `opportunity_stage_change`");
    await queryRunner.query("DROP INDEX `IDX_c6821df37d0b47a07ad51b8afc` ON `opportunity_contact`");
    await queryRunner.query("DROP INDEX `IDX_36234b58dee0da5e24db7d60e9` ON `opportunity_contact`");
    await queryRunner.query("DROP TABLE `opportunity_contact`");
    await queryRunner.query("DROP INDEX `IDX_cf5385b3e506534e89a8e87b8a` ON `opportunity`");
    await queryRunner.query("DROP INDEX `IDX_b3df68353e1da54ab73e40d659` ON `opportunity`");
    await queryRunner.query("DROP INDEX `IDX_c3e48a79fbba76d360902a04ec` ON `opportunity`");
    await queryRunner.query("DROP INDEX `IDX_f8ea5aaf88bf62396bbdd35fad` ON `opportunity`");
    await queryRunner.query("DROP INDEX `IDX_8c2c4fee3cbeb1cc0fe9c98636` ON `opportunity`");
    await queryRunner.query("DROP TABLE `opportunity`");
    await queryRunner.query("DROP INDEX `IDX_6aa4e375df9af2bb7f95cbfbc2` ON `pipeline_stage`");
    await queryRunner.query("DROP TABLE `pipeline_stage`");
    await queryRunner.query("DROP INDEX `IDX_afcc9b34aa74b423527d6bc57a` ON `pipeline`");
    await queryRunner.query("DROP TABLE `pipeline`");
  }
}
