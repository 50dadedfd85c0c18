import type { MigrationInterface, QueryRunner } from "typeorm";

export class Quotas1796192356959 implements MigrationInterface {
  name = "Quotas1796192356959";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `quota` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `assignee_type` varchar(8) NOT NULL, `assignee_id` bigint UNSIGNED NOT NULL, `period_start` date NOT NULL, `period_end` date NOT NULL, `amount` bigint NOT NULL, `currency` char(3) NOT NULL, INDEX `IDX_294f9b5d37df36f08d1752efc7` (`tenant_id`, `assignee_type`, `period_start`), UNIQUE INDEX `IDX_fa4732d63a8dd7c6105a9c09f6` (`tenant_id`, `assignee_type`, `assignee_id`, `period_start`, `period_end`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_fa4732d63a8dd7c6105a9c09f6` ON `quota`");
    await queryRunner.query("DROP INDEX `IDX_294f9b5d37df36f08d1752efc7` ON `quota`");
    await queryRunner.query("DROP TABLE `quota`");
  }
}
