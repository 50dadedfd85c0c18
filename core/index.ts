import { defineModule } from "./kernel/module";
import { Account } from "./accounts/account.entity";
import { AuditEntry, AuditResolver, AuditSubscriber, loadAuditEntries } from "./audit";
import { ContactDecision, ContactPolicy, ConsentRecord } from "./consent/consent.entities";
import { AccountContact, Contact } from "./contacts/contact.entity";
import { ContactPoint } from "./contacts/contact-point.entity";
import { ExportJob, ImportJob, ImportRowError } from "./data-transfer/data-transfer.entities";
import { StoredFile } from "./files/stored-file.entity";
import { GdprRequest } from "./gdpr/gdpr-request.entity";
import { Interaction, InteractionParticipant } from "./interactions/interaction.entity";
import { RecordTag } from "./tagging/record-tag.entity";
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
  entities: [
    Tenant,
    TenantModuleSetting,
    OutboxEvent,
    ProcessedEvent,
    User,
    Team,
    TeamMember,
    Role,
    UserRole,
    RefreshToken,
    ApiClient,
    Account,
    Contact,
    AccountContact,
    ContactPoint,
    RecordTag,
    Interaction,
    InteractionParticipant,
    ConsentRecord,
    ContactPolicy,
    ContactDecision,
    StoredFile,
    ImportJob,
    ImportRowError,
    ExportJob,
    GdprRequest,
    AuditEntry,
  ],
  subscribers: [AuditSubscriber],
  resolvers: [NodeResolver, TenantResolver, TenantModuleResolver, AuthResolver, UsersResolver, AccessResolver, ApiClientsResolver, AuditResolver],
  nodes: [tenantNode("User", User), tenantNode("Team", Team), tenantNode("Role", Role), tenantNode("ApiClient", ApiClient), { typeName: "AuditEntry", load: loadAuditEntries }],
  jobs: [outboxSweepJob, outboxPruneJob],
  permissions: CORE_PERMISSIONS,
});
