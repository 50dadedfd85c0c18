import type { MigrationInterface, QueryRunner } from "typeorm";

export class OpportunityLineItems1796191842293 implements MigrationInterface {
  name = "OpportunityLineItems1796191842293";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `opportunity_line_item` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `opportunity_id` bigint UNSIGNED NOT NULL, `product_id` bigint UNSIGNED NOT NULL, `position` smallint UNSIGNED NOT NULL, `description` varchar(300) NULL, `quantity` int UNSIGNED NOT NULL, `unit_amount` bigint NOT NULL, `discount_bps` smallint UNSIGNED NOT NULL DEFAULT '0', `line_total` bigint NOT NULL, `price_book_id` bigint UNSIGNED NULL, `price_book_entry_id` bigint UNSIGNED NULL, `price_rule` varchar(24) NULL, INDEX `IDX_1408a154f21f8e13fdccfaeff4` (`tenant_id`, `product_id`), INDEX `IDX_30d088d919b05645247ab18035` (`tenant_id`, `opportunity_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_30d088d919b05645247ab18035` ON `opportunity_line_item`");
    await queryRunner.query("DROP INDEX `IDX_1408a154f21f8e13fdccfaeff4` ON `opportunity_line_item`");
    await queryRunner.query("DROP TABLE `opportunity_line_item`");
  }
}
