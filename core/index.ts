import { defineModule } from "./kernel/module";
import { Account } from "./accounts/account.entity";
import { accountNode } from "./accounts/account.loader";
import { AccountResolver } from "./accounts/account.resolver";
import { AuditEntry, AuditResolver, AuditSubscriber, auditEntryNode } from "./audit";
import { catalogNodes } from "./catalog/catalog.loaders";
import { PriceBookEntry } from "./catalog/price-book-entry.entity";
import { PriceBookEntryResolver } from "./catalog/price-book-entry.resolver";
import { PriceBook } from "./catalog/price-book.entity";
import { PriceBookResolver } from "./catalog/price-book.resolver";
import { PricingResolver } from "./catalog/pricing.resolver";
import { Product } from "./catalog/product.entity";
import { ProductResolver } from "./catalog/product.resolver";
import { ContactDecision, ContactPolicy, ConsentRecord } from "./consent/consent.entities";
import { ConsentResolver, ContactConsentResolver } from "./consent/consent.resolver";
import { ContactDecisionResolver, ContactPolicyFieldsResolver, ContactPolicyResolver } from "./consent/contact-policy.resolver";
import { Customer360Resolver } from "./customer360/customer-360.resolver";
import { AccountContact, Contact } from "./contacts/contact.entity";
import { contactNode, contactPointNode } from "./contacts/contact.loader";
import { ContactResolver } from "./contacts/contact.resolver";
import { ContactPoint } from "./contacts/contact-point.entity";
import { ExportJob, ImportJob, ImportRowError } from "./data-transfer/data-transfer.entities";
import { ExportJobResolver, ImportJobResolver } from "./data-transfer/data-transfer.resolver";
import { DATA_EXPORT, exportJob } from "./data-transfer/export.job";
import { DATA_IMPORT, importJob } from "./data-transfer/import.job";
import { StoredFile } from "./files/stored-file.entity";
import { storedFileNode } from "./files/stored-file.node";
import { GdprRequest } from "./gdpr/gdpr-request.entity";
import { GDPR_MANAGE, gdprJob } from "./gdpr/gdpr.job";
import { GdprResolver } from "./gdpr/gdpr.resolver";
import { Interaction, InteractionParticipant } from "./interactions/interaction.entity";
import { AccountTimelineResolver, ContactTimelineResolver, InteractionResolver } from "./interactions/interaction.resolver";
import { RecordTag } from "./tagging/record-tag.entity";
import { OutboxEvent } from "./events/outbox-event.entity";
import { ProcessedEvent } from "./events/processed-event.entity";
import { outboxPruneJob, outboxSweepJob } from "./events/outbox.jobs";
import { permittedNode, tenantNode } from "./graphql/relay/node-registry";
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
    Product,
    PriceBook,
    PriceBookEntry,
  ],
  subscribers: [AuditSubscriber],
  resolvers: [
    NodeResolver,
    TenantResolver,
    TenantModuleResolver,
    AuthResolver,
    UsersResolver,
    AccessResolver,
    ApiClientsResolver,
    AuditResolver,
    AccountResolver,
    ContactResolver,
    InteractionResolver,
    ContactTimelineResolver,
    AccountTimelineResolver,
    ConsentResolver,
    ContactConsentResolver,
    ContactPolicyResolver,
    ContactPolicyFieldsResolver,
    ContactDecisionResolver,
    Customer360Resolver,
    ImportJobResolver,
    ExportJobResolver,
    GdprResolver,
    ProductResolver,
    PriceBookResolver,
    PriceBookEntryResolver,
    PricingResolver,
  ],
  nodes: [
    tenantNode("User", User),
    tenantNode("Team", Team),
    tenantNode("Role", Role),
    tenantNode("ApiClient", ApiClient),
    auditEntryNode,
    accountNode,
    contactNode,
    contactPointNode,
    permittedNode(tenantNode("Interaction", Interaction), "interactions.read"),
    permittedNode(tenantNode("ConsentRecord", ConsentRecord), "consent.read"),
    permittedNode(tenantNode("ContactDecision", ContactDecision), "consent.read"),
    storedFileNode,
    permittedNode(tenantNode("ImportJob", ImportJob), DATA_IMPORT),
    permittedNode(tenantNode("ExportJob", ExportJob), DATA_EXPORT),
    permittedNode(tenantNode("GdprRequest", GdprRequest), GDPR_MANAGE),
    ...catalogNodes,
  ],
  jobs: [outboxSweepJob, outboxPruneJob, importJob, exportJob, gdprJob],
  permissions: CORE_PERMISSIONS,
});
