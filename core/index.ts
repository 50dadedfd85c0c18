import { defineModule } from "./kernel/module";
import { OutboxEvent } from "./events/outbox-event.entity";
import { ProcessedEvent } from "./events/processed-event.entity";
import { outboxPruneJob, outboxSweepJob } from "./events/outbox.jobs";
import { tenantNode } from "./graphql/relay/node-registry";
import { NodeResolver } from "./graphql/relay/node.resolver";
import { AccessResolver } from "./identity/access.resolver";
import { ApiClientsResolver } from "./identity/api-clients.resolver";
import { AuthResolver } from "./identity/auth.resolver";
import { ApiClient, RefreshToken, Role, Team, TeamMember, User, UserRole } from "./identity/identity.entities";
import { CORE_PERMISSIONS } from "./identity/permissions";
import { UsersResolver } from "./identity/users.resolver";
import { Tenant } from "./tenancy/tenant.entity";
import { TenantModuleSetting } from "./tenancy/tenant-module-setting.entity";
import { TenantModuleResolver } from "./tenancy/tenant-module.resolver";
import { TenantResolver } from "./tenancy/tenant.resolver";

/** Core is described by the same contract as a module, but is always on. */
export const coreModule = defineModule({
  name: "core",
  description: "Tenants, identity and the customer graph",
  entities: [Tenant, TenantModuleSetting, OutboxEvent, ProcessedEvent, User, Team, TeamMember, Role, UserRole, RefreshToken, ApiClient],
  resolvers: [NodeResolver, TenantResolver, TenantModuleResolver, AuthResolver, UsersResolver, AccessResolver, ApiClientsResolver],
  nodes: [tenantNode("User", User), tenantNode("Team", Team), tenantNode("Role", Role), tenantNode("ApiClient", ApiClient)],
  jobs: [outboxSweepJob, outboxPruneJob],
  permissions: CORE_PERMISSIONS,
});
