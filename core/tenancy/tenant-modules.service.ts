import type { DataSource } from "typeorm";
import { TenantModuleSetting } from "./tenant-module-setting.entity";

export async function disabledModulesOf(dataSource: DataSource, tenantId: string): Promise<Set<string>> {
  const rows = await dataSource.getRepository(TenantModuleSetting).find({
    select: { module: true },
    where: { tenantId, enabled: false },
  });
  return new Set(rows.map((row) => row.module));
}
