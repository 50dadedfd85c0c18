import type { MigrationInterface, QueryRunner } from "typeorm";

export class Leads1796193412858 implements MigrationInterface {
  name = "Leads1796193412858";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `sales_lead` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `first_name` varchar(100) NULL, `last_name` varchar(100) NOT NULL, `email` varchar(254) NULL, `phone` varchar(40) NULL, `company` varchar(200) NULL, `title` varchar(120) NULL, `website` varchar(500) NULL, `region` varchar(80) NULL, `country` char(2) NULL, `source` varchar(16) NOT NULL, `status` varchar(16) NOT NULL, `score` tinyint UNSIGNED NULL, `budget` varchar(16) NOT NULL DEFAULT 'UNKNOWN', `budget_amount` bigint NULL, `budget_currency` char(3) NULL, `authority` varchar(16) NOT NULL DEFAULT 'UNKNOWN', `need` text NULL, `timeline` varchar(16) NOT NULL DEFAULT 'UNKNOWN', `qualified_at` datetime(3) NULL, `disqualified_reason` varchar(300) NULL, `external_ref` varchar(100) NULL, `assignment_rule_id` bigint UNSIGNED NULL, `reassignments` smallint UNSIGNED NOT NULL DEFAULT '0', `assigned_at` datetime(3) NULL, `respond_by` datetime(3) NULL, `first_action_at` datetime(3) NULL, `converted_at` datetime(3) NULL, `converted_account_id` bigint UNSIGNED NULL, `converted_contact_id` bigint UNSIGNED NULL, `converted_opportunity_id` bigint UNSIGNED NULL, INDEX `IDX_ebb7454c25e134f394d6c8b5b4` (`respond_by`), FULLTEXT INDEX `IDX_fdc54b3c7f333d400d7abccaab` (`first_name`, `last_name`, `email`, `company`), INDEX `IDX_f748acfb2345d561b764643f97` (`tenant_id`, `converted_account_id`), INDEX `IDX_489d18a2880150d55988d17a1f` (`tenant_id`, `converted_contact_id`), INDEX `IDX_cac0389379a7c9ddc734c2e242` (`tenant_id`, `email`), UNIQUE INDEX `IDX_543159f237e12842c9b8c0bafd` (`tenant_id`, `external_ref`), INDEX `IDX_cb04d72939801b49558d08bebd` (`tenant_id`, `status`, `id`), INDEX `IDX_3b7bb3d70136abcaa0cf726787` (`tenant_id`, `owner_id`, `status`), INDEX `IDX_803b275dfc05fdd988f88a8aec` (`tenant_id`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `lead_assignment_rule` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, `position` int NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `strategy` varchar(16) NOT NULL, `criteria` json NOT NULL, `member_ids` json NOT NULL, `last_turn` int NOT NULL DEFAULT '-1', `response_minutes` int UNSIGNED NULL, INDEX `IDX_7db73d312d2acd9258f89ca215` (`tenant_id`, `position`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `lead_import` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `status` varchar(12) NOT NULL, `file_id` bigint UNSIGNED NOT NULL, `requested_by_id` bigint UNSIGNED NULL, `processed_rows` int UNSIGNED NOT NULL DEFAULT '0', `created_rows` int UNSIGNED NOT NULL DEFAULT '0', `failed_rows` int UNSIGNED NOT NULL DEFAULT '0', `error` varchar(500) NULL, `finished_at` datetime(3) NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `lead_import_row_error` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `import_id` bigint UNSIGNED NOT NULL, `row_number` int UNSIGNED NOT NULL, `field` varchar(64) NULL, `code` varchar(32) NOT NULL, `message` varchar(500) NOT NULL, INDEX `IDX_0a5c14e4fccb6a93b23063f71d` (`import_id`, `row_number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `web_form` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, `form_key` varchar(64) NOT NULL, `signing_secret` varchar(64) NOT NULL, `active` tinyint NOT NULL DEFAULT 1, `allowed_origins` json NOT NULL, `field_mapping` json NOT NULL, `honeypot_field` varchar(64) NOT NULL, `min_fill_seconds` smallint UNSIGNED NOT NULL, `rate_limit_per_hour` int UNSIGNED NOT NULL, INDEX `IDX_9fd1d81bf4b52ce4de9170724b` (`tenant_id`, `name`), UNIQUE INDEX `IDX_7f216e2793847d5866ccdaefd5` (`form_key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_7f216e2793847d5866ccdaefd5` ON `web_form`");
    await queryRunner.query("DROP INDEX `IDX_9fd1d81bf4b52ce4de9170724b` ON `web_form`");
    await queryRunner.query("DROP TABLE `web_form`");
    await queryRunner.query("DROP INDEX `IDX_0a5c14e4fccb6a93b23063f71d` ON `lead_import_row_error`");
    await queryRunner.query("DROP TABLE `lead_import_row_error`");
    await queryRunner.query("DROP TABLE `lead_import`");
    await queryRunner.query("DROP INDEX `IDX_7db73d312d2acd9258f89ca215` ON `lead_assignment_rule`");
    await queryRunner.query("DROP TABLE `lead_assignment_rule`");
    await queryRunner.query("DROP INDEX `IDX_803b275dfc05fdd988f88a8aec` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_3b7bb3d70136abcaa0cf726787` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_cb04d72939801b49558d08bebd` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_543159f237e12842c9b8c0bafd` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_cac0389379a7c9ddc734c2e242` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_489d18a2880150d55988d17a1f` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_f748acfb2345d561b764643f97` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_fdc54b3c7f333d400d7abccaab` ON `sales_lead`");
    await queryRunner.query("DROP INDEX `IDX_ebb7454c25e134f394d6c8b5b4` ON `sales_lead`");
    await queryRunner.query("DROP TABLE `sales_lead`");
  }
}
