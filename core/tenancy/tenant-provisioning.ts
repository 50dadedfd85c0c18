import type { EntityManager } from "typeorm";
import { Role, RecordVisibility, User, UserRole } from "../identity/identity.entities";
import { hashPassword } from "../identity/password";
import { normaliseEmail } from "../identity/sessions.service";
import { Tenant } from "./tenant.entity";

export interface TenantSpec {
  name: string;
  slug: string;
  admin: { email: string; name: string; password: string };
}

/** A tenant with its Administrator role and first admin user, in the caller's transaction. */
export async function provisionTenant(manager: EntityManager, spec: TenantSpec): Promise<{ tenant: Tenant; admin: User }> {
  const tenant = await manager.save(manager.create(Tenant, { name: spec.name.trim(), slug: spec.slug.trim().toLowerCase() }));
  const role = await manager.save(
    manager.create(Role, { tenantId: tenant.id, name: "Administrator", permissions: [], visibility: RecordVisibility.ALL, administrator: true }),
  );
  const admin = await manager.save(
    manager.create(User, {
      tenantId: tenant.id,
      email: normaliseEmail(spec.admin.email),
      name: spec.admin.name.trim(),
      passwordHash: await hashPassword(spec.admin.password),
    }),
  );
  await manager.insert(UserRole, { tenantId: tenant.id, userId: admin.id, roleId: role.id });
  return { tenant, admin };
}
