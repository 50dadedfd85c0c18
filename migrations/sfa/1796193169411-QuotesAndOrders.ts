import type { MigrationInterface, QueryRunner } from "typeorm";

export class QuotesAndOrders1796193169411 implements MigrationInterface {
  name = "QuotesAndOrders1796193169411";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `discount_approval_limit` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `user_id` bigint UNSIGNED NOT NULL, `max_discount_bps` smallint UNSIGNED NOT NULL, UNIQUE INDEX `IDX_9fb825793a794a68147439849a` (`tenant_id`, `user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `quote` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `number` varchar(20) NOT NULL, `opportunity_id` bigint UNSIGNED NOT NULL, `account_id` bigint UNSIGNED NOT NULL, `contact_id` bigint UNSIGNED NULL, `currency` char(3) NOT NULL, `subtotal` bigint NOT NULL, `discount_total` bigint NOT NULL, `total` bigint NOT NULL, `created_by_id` bigint UNSIGNED NULL, `version` smallint UNSIGNED NOT NULL, `status` varchar(20) NOT NULL, `channel` varchar(64) NULL, `locale` varchar(35) NOT NULL, `priced_at` datetime(3) NOT NULL, `valid_until` date NOT NULL, `max_discount_bps` smallint UNSIGNED NOT NULL, `approval_required` tinyint NOT NULL, `approved_by_id` bigint UNSIGNED NULL, `approved_at` datetime(3) NULL, `pdf_file_id` bigint UNSIGNED NULL, `send_status` varchar(12) NULL, `send_request` int UNSIGNED NOT NULL DEFAULT '0', `send_scheduled_at` datetime(3) NULL, `send_recheck` tinyint NOT NULL DEFAULT 0, `send_requested_by_id` bigint UNSIGNED NULL, `send_message` text NULL, `send_error` varchar(500) NULL, `sent_to_email` varchar(254) NULL, `sent_at` datetime(3) NULL, `accepted_at` datetime(3) NULL, `rejected_at` datetime(3) NULL, `rejection_reason` varchar(500) NULL, INDEX `IDX_95e792e827378369e4cbdc8a0f` (`status`, `valid_until`), INDEX `IDX_e320f72661280984edd149ec8f` (`tenant_id`, `contact_id`), INDEX `IDX_8aee5a2f34566ad13c59510246` (`tenant_id`, `account_id`), INDEX `IDX_2f9c9681fdd84d65453ca2686d` (`tenant_id`, `opportunity_id`, `id`), UNIQUE INDEX `IDX_6e01caac44516b66ae708d4321` (`tenant_id`, `number`, `version`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `quote_line` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `product_id` bigint UNSIGNED NOT NULL, `position` smallint UNSIGNED NOT NULL, `description` varchar(300) NULL, `channel` varchar(64) NULL, `quantity` int UNSIGNED NOT NULL, `currency` char(3) NOT NULL, `unit_amount` bigint NOT NULL, `discount_bps` smallint UNSIGNED NOT NULL DEFAULT '0', `subtotal` bigint NOT NULL, `discount_amount` bigint NOT NULL, `line_total` bigint NOT NULL, `price_book_id` bigint UNSIGNED NULL, `price_book_entry_id` bigint UNSIGNED NULL, `price_rule` varchar(24) NULL, `sku` varchar(64) NOT NULL, `product_name` varchar(200) NOT NULL, `quote_id` bigint UNSIGNED NOT NULL, INDEX `IDX_7a456cb363b9c869427861d5a1` (`tenant_id`, `quote_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sales_order` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `owner_id` bigint UNSIGNED NULL, `team_id` bigint UNSIGNED NULL, `number` varchar(20) NOT NULL, `opportunity_id` bigint UNSIGNED NOT NULL, `account_id` bigint UNSIGNED NOT NULL, `contact_id` bigint UNSIGNED NULL, `currency` char(3) NOT NULL, `subtotal` bigint NOT NULL, `discount_total` bigint NOT NULL, `total` bigint NOT NULL, `created_by_id` bigint UNSIGNED NULL, `quote_id` bigint UNSIGNED NOT NULL, `status` varchar(12) NOT NULL, `status_changed_at` datetime(3) NOT NULL, INDEX `IDX_b646d88b7202b493f64c5b7255` (`tenant_id`, `contact_id`), INDEX `IDX_5d920ff8388e624f616fbdc0c3` (`tenant_id`, `opportunity_id`), INDEX `IDX_af7bbc7108da6c4dce3f5a695d` (`tenant_id`, `account_id`, `id`), UNIQUE INDEX `IDX_d947d0210027f0dbf092de74bc` (`tenant_id`, `quote_id`), UNIQUE INDEX `IDX_f9b2823865b09b7768d99b8d66` (`tenant_id`, `number`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `order_line` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `product_id` bigint UNSIGNED NOT NULL, `position` smallint UNSIGNED NOT NULL, `description` varchar(300) NULL, `channel` varchar(64) NULL, `quantity` int UNSIGNED NOT NULL, `currency` char(3) NOT NULL, `unit_amount` bigint NOT NULL, `discount_bps` smallint UNSIGNED NOT NULL DEFAULT '0', `subtotal` bigint NOT NULL, `discount_amount` bigint NOT NULL, `line_total` bigint NOT NULL, `price_book_id` bigint UNSIGNED NULL, `price_book_entry_id` bigint UNSIGNED NULL, `price_rule` varchar(24) NULL, `sku` varchar(64) NOT NULL, `product_name` varchar(200) NOT NULL, `order_id` bigint UNSIGNED NOT NULL, INDEX `IDX_e2cf56a66ba8f6809f4f3763aa` (`tenant_id`, `order_id`, `position`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `order_status_change` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `order_id` bigint UNSIGNED NOT NULL, `from_status` varchar(12) NULL, `to_status` varchar(12) NOT NULL, `changed_at` datetime(3) NOT NULL, `changed_by_id` bigint UNSIGNED NULL, `note` varchar(500) NULL, INDEX `IDX_cfb18916aff2357195de2b57b2` (`tenant_id`, `order_id`, `changed_at`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sales_settings` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `quote_approval_threshold_bps` smallint UNSIGNED NOT NULL, `max_discount_bps` smallint UNSIGNED NOT NULL, UNIQUE INDEX `IDX_144b6fc576f9617a9500faf060` (`tenant_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `sales_document_counter` (`tenant_id` bigint UNSIGNED NOT NULL, `kind` varchar(8) NOT NULL, `last_value` int UNSIGNED NOT NULL, PRIMARY KEY (`tenant_id`, `kind`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` ADD `channel` varchar(64) NULL");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` ADD `currency` char(3) NOT NULL");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` ADD `subtotal` bigint NOT NULL");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` ADD `discount_amount` bigint NOT NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `opportunity_line_item` DROP COLUMN `discount_amount`");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` DROP COLUMN `subtotal`");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` DROP COLUMN `currency`");
    await queryRunner.query("ALTER TABLE `opportunity_line_item` DROP COLUMN `channel`");
    await queryRunner.query("DROP TABLE `sales_document_counter`");
    await queryRunner.query("DROP INDEX `IDX_144b6fc576f9617a9500faf060` ON `sales_settings`");
    await queryRunner.query("DROP TABLE `sales_settings`");
    await queryRunner.query("DROP INDEX `IDX_cfb18916aff2357195de2b57b2` ON `order_status_change`");
    await queryRunner.query("DROP TABLE `order_status_change`");
    await queryRunner.query("DROP INDEX `IDX_e2cf56a66ba8f6809f4f3763aa` ON `order_line`");
    await queryRunner.query("DROP TABLE `order_line`");
    await queryRunner.query("DROP INDEX `IDX_f9b2823865b09b7768d99b8d66` ON `sales_order`");
    await queryRunner.query("DROP INDEX `IDX_d947d0210027f0dbf092de74bc` ON `sales_order`");
    await queryRunner.query("DROP INDEX `IDX_af7bbc7108da6c4dce3f5a695d` ON `sales_order`");
    await queryRunner.query("DROP INDEX `IDX_5d920ff8388e624f616fbdc0c3` ON `sales_order`");
    await queryRunner.query("DROP INDEX `IDX_b646d88b7202b493f64c5b7255` ON `sales_order`");
    await queryRunner.query("DROP TABLE `sales_order`");
    await queryRunner.query("DROP INDEX `IDX_7a456cb363b9c869427861d5a1` ON `quote_line`");
    await queryRunner.query("DROP TABLE `quote_line`");
    await queryRunner.query("DROP INDEX `IDX_6e01caac44516b66ae708d4321` ON `quote`");
    await queryRunner.query("DROP INDEX `IDX_2f9c9681fdd84d65453ca2686d` ON `quote`");
    await queryRunner.query("DROP INDEX `IDX_8aee5a2f34566ad13c59510246` ON `quote`");
    await queryRunner.query("DROP INDEX `IDX_e320f72661280984edd149ec8f` ON `quote`");
    await queryRunner.query("DROP INDEX `IDX_95e792e827378369e4cbdc8a0f` ON `quote`");
    await queryRunner.query("DROP TABLE `quote`");
    await queryRunner.query("DROP INDEX `IDX_9fb825793a794a68147439849a` ON `discount_approval_limit`");
    await queryRunner.query("DROP TABLE `discount_approval_limit`");
  }
}
