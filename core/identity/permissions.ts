import type { PermissionDefinition } from "../kernel/module";

/** Core's permissions. Modules declare theirs in their manifests, prefixed with the module name. */
export const CORE_PERMISSIONS = [
  { key: "tenant.manage", description: "Switch modules and change tenant-wide settings" },
  { key: "users.manage", description: "Invite, change and disable staff users and teams" },
  { key: "roles.manage", description: "Create and change roles" },
  { key: "apiClients.manage", description: "Create and revoke API keys" },
  { key: "audit.read", description: "Read the audit log" },
  { key: "accounts.read", description: "Read accounts" },
  { key: "accounts.write", description: "Create, change and merge accounts" },
  { key: "contacts.read", description: "Read contacts and their contact points" },
  { key: "contacts.write", description: "Create, change and merge contacts" },
  { key: "interactions.read", description: "Read the interaction timeline" },
  { key: "interactions.write", description: "Record interactions" },
  { key: "consent.read", description: "Read consent and contact policy" },
  { key: "consent.write", description: "Record consent and change contact policy" },
  { key: "data.import", description: "Import accounts and contacts" },
  { key: "data.export", description: "Export accounts and contacts" },
  { key: "gdpr.manage", description: "Export and erase everything about a person" },
  { key: "catalog.read", description: "Read products and price books, and resolve prices" },
  { key: "catalog.manage", description: "Create and change products, price books and their prices" },
] as const satisfies readonly PermissionDefinition[];

export type CorePermission = (typeof CORE_PERMISSIONS)[number]["key"];
