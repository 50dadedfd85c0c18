import type { MigrationInterface, QueryRunner } from "typeorm";

export class Catalog1796191712681 implements MigrationInterface {
  name = "Catalog1796191712681";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `price_book_entry` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `price_book_id` bigint UNSIGNED NOT NULL, `product_id` bigint UNSIGNED NOT NULL, `unit_amount` bigint NOT NULL, `min_quantity` int UNSIGNED NOT NULL DEFAULT '1', INDEX `IDX_8b9907890f1490ac0386745f93` (`tenant_id`, `product_id`, `price_book_id`, `min_quantity`), UNIQUE INDEX `IDX_d385a5633c9bf4e3779b62fc04` (`price_book_id`, `product_id`, `min_quantity`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `price_book` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `name` varchar(200) NOT NULL, `currency` char(3) NOT NULL, `segment` varchar(64) NULL, `channel` varchar(64) NULL, `valid_from` datetime(3) NOT NULL, `valid_to` datetime(3) NULL, `priority` int NOT NULL DEFAULT '0', `active` tinyint NOT NULL DEFAULT 1, INDEX `IDX_b1ad9a68ff2d0616a1f4a9b3b9` (`tenant_id`, `currency`, `active`, `valid_from`), INDEX `IDX_96e12d493fe1f0ed68ad370a83` (`tenant_id`, `name`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `product` (`id` bigint UNSIGNED NOT NULL AUTO_INCREMENT, `tenant_id` bigint UNSIGNED NOT NULL, `created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), `updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), `sku` varchar(64) NOT NULL, `name` varchar(200) NOT NULL, `description` text NULL, `family` varchar(80) NULL, `active` tinyint NOT NULL DEFAULT 1, `archived_at` datetime(3) NULL, INDEX `IDX_5d13e8f79e9bdaafc4389e3beb` (`tenant_id`, `family`, `name`, `id`), INDEX `IDX_138d44ecb0f1df4d8851e8669f` (`tenant_id`, `name`, `id`), UNIQUE INDEX `IDX_42ad340fd382b8e2751ea05a26` (`tenant_id`, `sku`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_42ad340fd382b8e2751ea05a26` ON `product`");
    await queryRunner.query("DROP INDEX `IDX_138d44ecb0f1df4d8851e8669f` ON `product`");
    await queryRunner.query("DROP INDEX `IDX_5d13e8f79e9bdaafc4389e3beb` ON `product`");
    await queryRunner.query("DROP TABLE `product`");
    await queryRunner.query("DROP INDEX `IDX_96e12d493fe1f0ed68ad370a83` ON `price_book`");
    await queryRunner.query("DROP INDEX `IDX_b1ad9a68ff2d0616a1f4a9b3b9` ON `price_book`");
    await queryRunner.query("DROP TABLE `price_book`");
    await queryRunner.query("DROP INDEX `IDX_d385a5633c9bf4e3779b62fc04` ON `price_book_entry`");
    await queryRunner.query("DROP INDEX `IDX_8b9907890f1490ac0386745f93` ON `price_book_entry`");
    await queryRunner.query("DROP TABLE `price_book_entry`");
  }
}
