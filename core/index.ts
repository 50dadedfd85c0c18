import { defineModule } from "./kernel/module";
import { OutboxEvent } from "./events/outbox-event.entity";
import { ProcessedEvent } from "./events/processed-event.entity";
import { outboxPruneJob, outboxSweepJob } from "./events/outbox.jobs";
import { NodeResolver } from "./graphql/relay/node.resolver";
import { Tenant } from "./tenancy/tenant.entity";
import { TenantModuleSetting } from "./tenancy/tenant-module-setting.entity";
import { TenantModuleResolver } from "./tenancy/tenant-module.resolver";

/** Core is described by the same contract as a module, but is always on. */
export const coreModule = defineModule({
  name: "core",
  description: "Tenants, identity and the customer graph",
  entities: [Tenant, TenantModuleSetting, OutboxEvent, ProcessedEvent],
  resolvers: [NodeResolver, TenantModuleResolver],
  jobs: [outboxSweepJob, outboxPruneJob],
  permissions: [{ key: "tenant.manage", description: "Switch modules and change tenant-wide settings" }],
});
