import type { TenantScope, Visibility } from "../db/tenant-scope";
import type { WorkScope } from "../db/unit-of-work";
import type { PlatformServices } from "../kernel/services";
import type { Logger } from "../observability/logger";
import { ErrorCode, clientError } from "./errors";
import type { LoaderRegistry } from "./loaders";

/** Who is calling. Staff users and API clients act within one tenant. */
export type Principal =
  | { kind: "staff"; id: string; tenantId: string; permissions: ReadonlySet<string>; admin: boolean; visibility: Visibility }
  | { kind: "apiClient"; id: string; tenantId: string; permissions: ReadonlySet<string>; admin: false; visibility: Visibility };

/** Request headers (lower-case names), or a WebSocket's connection parameters, to authenticate. */
export type Credentials = Readonly<Record<string, string | undefined>>;

export interface Authentication {
  principal: Principal | null;
  /** The platform operator, who manages tenants and belongs to none. */
  operator: boolean;
}

/** Turns credentials into a principal. Core's identity domain provides it. */
export type Authenticate = (credentials: Credentials, services: PlatformServices) => Promise<Authentication>;

export interface RequestContext {
  requestId: string;
  /** The client's address, for rate limits. */
  address: string;
  /** What the client presented, for the few operations that act on the token itself (logout). */
  credentials: Credentials;
  logger: Logger;
  principal: Principal | null;
  operator: boolean;
  /** The principal's tenant data, filtered by its visibility; null when nobody is signed in. */
  tenant: TenantScope | null;
  services: PlatformServices;
  loaders: LoaderRegistry;
  /** Modules the principal's tenant switched off (cached per process for a few seconds). */
  tenantDisabledModules(): Promise<ReadonlySet<string>>;
}

/** Whether a principal holds a permission: the Administrator role holds them all. */
export function holds(principal: Principal, permission: string): boolean {
  return principal.admin || principal.permissions.has(permission);
}

export function actorOf(principal: Principal | null): string | null {
  return principal ? `${principal.kind}:${principal.id}` : null;
}

/** The caller's tenant scope, or UNAUTHENTICATED. */
export function requireTenant(context: RequestContext): TenantScope {
  if (!context.tenant) throw clientError(ErrorCode.UNAUTHENTICATED, "Authentication required.");
  return context.tenant;
}

/** The signed-in staff user's id, or an error saying who may call. */
export function requireStaff(context: RequestContext): string {
  if (!context.principal) throw clientError(ErrorCode.UNAUTHENTICATED, "Authentication required.");
  if (context.principal.kind !== "staff") throw clientError(ErrorCode.FORBIDDEN, "Only staff users can do this.");
  return context.principal.id;
}

/** The unit-of-work scope of a mutation: the caller's tenant, identity, visibility and the operation's name. */
export function workOf(context: RequestContext, operation: string): WorkScope {
  const tenant = requireTenant(context);
  return { tenantId: tenant.tenantId, actor: actorOf(context.principal), requestId: context.requestId, visibility: tenant.visibility, operation };
}
