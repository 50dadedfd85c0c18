import type { DataSource } from "typeorm";
import { Tenant } from "./tenant.entity";

export const DEMO_TENANT_SLUG = "demo";

/** The tenant a fresh laptop install starts with; safe to run on every start. */
export async function ensureDemoTenant(dataSource: DataSource): Promise<Tenant> {
  const tenants = dataSource.getRepository(Tenant);
  await tenants.createQueryBuilder().insert().values({ slug: DEMO_TENANT_SLUG, name: "Demo Company" }).orIgnore().execute();
  return tenants.findOneByOrFail({ slug: DEMO_TENANT_SLUG });
}
