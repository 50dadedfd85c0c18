import type { MigrationInterface, QueryRunner } from "typeorm";

export class Identity1795455917621 implements MigrationInterface {
  name = "Identity1795455917621";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `user` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `email` varchar(254) NOT NULL, `name` varchar(200) NOT NULL, `password_hash` varchar(255) NOT NULL, `status` varchar(16) NOT NULL DEFAULT 'ACTIVE', `failed_logins` int NOT NULL DEFAULT '0', `locked_until` datetime(3) NULL, `token_version` int NOT NULL DEFAULT '0', `last_login_at` datetime(3) NULL, UNIQUE INDEX `IDX_b8f79c6cc2a72309532fb80062` (`tenant_id`, `email`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `team` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, UNIQUE INDEX `IDX_b743dd8dd74859872352ac6d93` (`tenant_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `team_member` (`team_id` bigint UNSIGNED NOT NULL, `user_id` bigint UNSIGNED NOT NULL, `tenant_id` bigint UNSIGNED NOT NULL, INDEX `IDX_8514eb3d626cc31ab7a7999cb0` (`tenant_id`, `user_id`), PRIMARY KEY (`team_id`, `user_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `role` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, `permissions` text NOT NULL, `visibility` varchar(8) NOT NULL DEFAULT 'OWN', `administrator` tinyint NOT NULL DEFAULT 0, UNIQUE INDEX `IDX_354286c29a13d31bda0d1d21d1` (`tenant_id`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `user_role` (`user_id` bigint UNSIGNED NOT NULL, `role_id` bigint UNSIGNED NOT NULL, `tenant_id` bigint UNSIGNED NOT NULL, INDEX `IDX_679b335c10a6c0a02eb84f708c` (`tenant_id`, `role_id`), PRIMARY KEY (`user_id`, `role_id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `refresh_token` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `user_id` bigint UNSIGNED NOT NULL, `token_hash` char(64) NOT NULL, `family_id` char(36) NOT NULL, `expires_at` datetime(3) NOT NULL, `revoked_at` datetime(3) NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX `IDX_6bbe63d2fe75e7f0ba1710351d` (`user_id`), UNIQUE INDEX `IDX_f0812282fad2e352cdaf83ef0a` (`token_hash`), INDEX `IDX_eb31f2a7917404a46e17f539f1` (`family_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `api_client` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(120) NOT NULL, `key_prefix` char(12) NOT NULL, `key_hash` char(64) NOT NULL, `scopes` text NOT NULL, `expires_at` datetime(3) NULL, `last_used_at` datetime(3) NULL, `revoked_at` datetime(3) NULL, UNIQUE INDEX `IDX_1e3bafd69b1fc944ffa398db25` (`key_prefix`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_1e3bafd69b1fc944ffa398db25` ON `api_client`");
    await queryRunner.query("DROP TABLE `api_client`");
    await queryRunner.query("DROP INDEX `IDX_eb31f2a7917404a46e17f539f1` ON `refresh_token`");
    await queryRunner.query("DROP INDEX `IDX_f0812282fad2e352cdaf83ef0a` ON `refresh_token`");
    await queryRunner.query("DROP INDEX `IDX_6bbe63d2fe75e7f0ba1710351d` ON `refresh_token`");
    await queryRunner.query("DROP TABLE `refresh_token`");
    await queryRunner.query("DROP INDEX `IDX_679b335c10a6c0a02eb84f708c` ON `user_role`");
    await queryRunner.query("DROP TABLE `user_role`");
    await queryRunner.query("DROP INDEX `IDX_354286c29a13d31bda0d1d21d1` ON `role`");
    await queryRunner.query("DROP TABLE `role`");
    await queryRunner.query("DROP INDEX `IDX_8514eb3d626cc31ab7a7999cb0` ON `team_member`");
    await queryRunner.query("DROP TABLE `team_member`");
    await queryRunner.query("DROP INDEX `IDX_b743dd8dd74859872352ac6d93` ON `team`");
    await queryRunner.query("DROP TABLE `team`");
    await queryRunner.query("DROP INDEX `IDX_b8f79c6cc2a72309532fb80062` ON `user`");
    await queryRunner.query("DROP TABLE `user`");
  }
}
