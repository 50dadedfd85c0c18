import type { MigrationInterface, QueryRunner } from "typeorm";

export class ActivityCalendar1796191955443 implements MigrationInterface {
  name = "ActivityCalendar1796191955443";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `activity_series` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `recurrence` varchar(500) NOT NULL, `time_zone` varchar(64) NOT NULL, `starts_at` datetime(3) NOT NULL, `scheduled_through` datetime(3) NOT NULL, `complete` tinyint NOT NULL DEFAULT 0, `cancelled_at` datetime(3) NULL, INDEX `IDX_7f91cb20b25a4af04847505033` (`complete`, `cancelled_at`, `scheduled_through`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `activity` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `kind` varchar(8) NOT NULL, `subject` varchar(300) NOT NULL, `notes` text NULL, `status` varchar(10) NOT NULL, `due_at` datetime(3) NOT NULL, `ends_at` datetime(3) NULL, `all_day` tinyint NOT NULL DEFAULT 0, `location` varchar(300) NULL, `related_type` varchar(64) NULL, `related_id` bigint UNSIGNED NULL, `remind_at` datetime(3) NULL, `reminder_sent_at` datetime(3) NULL, `outcome` varchar(120) NULL, `completed_at` datetime(3) NULL, `series_id` bigint UNSIGNED NULL, INDEX `IDX_9bf8d077ec96a3f136b0f895b4` (`status`, `reminder_sent_at`, `remind_at`), INDEX `IDX_4e207fb06ce62126738c3ab68b` (`tenant_id`, `series_id`, `due_at`), INDEX `IDX_8f5dce4c29a9a05bc8c7b0df1a` (`tenant_id`, `related_type`, `related_id`), INDEX `IDX_5385f3f56262a359a592390689` (`tenant_id`, `due_at`, `id`), INDEX `IDX_01d1670ab8a6cd76250959abd5` (`tenant_id`, `owner_id`, `due_at`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `activity_participant` (`activity_id` bigint UNSIGNED NOT NULL, `participant_key` varchar(24) NOT NULL, `tenant_id` bigint UNSIGNED NOT NULL, `contact_id` bigint UNSIGNED NULL, `account_id` bigint UNSIGNED NULL, INDEX `IDX_33283505c2610c1f36b6e01ae5` (`tenant_id`, `account_id`), INDEX `IDX_43fedf8c31d9c5d605b53a3b49` (`tenant_id`, `contact_id`), PRIMARY KEY (`activity_id`, `participant_key`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `calendar_feed` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `user_id` bigint UNSIGNED NOT NULL, `token_hash` char(64) NOT NULL, `revoked_at` datetime(3) NULL, UNIQUE INDEX `IDX_219d25fb74548cb5eabfb9beec` (`tenant_id`, `user_id`), UNIQUE INDEX `IDX_3a0b1d1c7619ea19ff1affaaf7` (`token_hash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_3a0b1d1c7619ea19ff1affaaf7` ON `calendar_feed`");
    await queryRunner.query("DROP INDEX `IDX_219d25fb74548cb5eabfb9beec` ON `calendar_feed`");
    await queryRunner.query("DROP TABLE `calendar_feed`");
    await queryRunner.query("DROP INDEX `IDX_43fedf8c31d9c5d605b53a3b49` ON `activity_participant`");
    await queryRunner.query("DROP INDEX `IDX_33283505c2610c1f36b6e01ae5` ON `activity_participant`");
    await queryRunner.query("DROP TABLE `activity_participant`");
    await queryRunner.query("DROP INDEX `IDX_01d1670ab8a6cd76250959abd5` ON `activity`");
    await queryRunner.query("DROP INDEX `IDX_5385f3f56262a359a592390689` ON `activity`");
    await queryRunner.query("DROP INDEX `IDX_8f5dce4c29a9a05bc8c7b0df1a` ON `activity`");
    await queryRunner.query("DROP INDEX `IDX_4e207fb06ce62126738c3ab68b` ON `activity`");
    await queryRunner.query("DROP INDEX `IDX_9bf8d077ec96a3f136b0f895b4` ON `activity`");
    await queryRunner.query("DROP TABLE `activity`");
    await queryRunner.query("DROP INDEX `IDX_7f91cb20b25a4af04847505033` ON `activity_series`");
    await queryRunner.query("DROP TABLE `activity_series`");
  }
}
