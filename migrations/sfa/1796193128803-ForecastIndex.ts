import type { MigrationInterface, QueryRunner } from "typeorm";

export class ForecastIndex1796193128803 implements MigrationInterface {
  name = "ForecastIndex1796193128803";

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX `IDX_092eb8a0a7fe08b5dc515adfad` ON `opportunity` (`tenant_id`, `status`, `expected_close_date`)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_092eb8a0a7fe08b5dc515adfad` ON `opportunity`");
  }
}
