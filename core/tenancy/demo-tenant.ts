import type { DataSource } from "typeorm";
import { provisionTenant } from "./tenant-provisioning";
import { Tenant } from "./tenant.entity";

/** What the README tells a new user to sign in with; only ever created outside production. */
export const DEMO_TENANT = {
  name: "Demo Company",
  slug: "demo",
  admin: { email: "admin@demo.example", name: "Demo Admin", password: "demo-password-123" },
};

/** The tenant a fresh laptop install starts with; does nothing when it exists. */
export async function ensureDemoTenant(dataSource: DataSource): Promise<Tenant> {
  return dataSource.transaction(async (manager) => {
    const existing = await manager.findOneBy(Tenant, { slug: DEMO_TENANT.slug });
    return existing ?? (await provisionTenant(manager, DEMO_TENANT)).tenant;
  });
}
