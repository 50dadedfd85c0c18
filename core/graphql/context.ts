import type { PlatformServices } from "../kernel/services";
import type { Logger } from "../observability/logger";
import type { LoaderRegistry } from "./loaders";

/** Who is calling. Staff users and API clients act within one tenant. */
export type Principal =
  | { kind: "staff"; id: string; tenantId: string; permissions: ReadonlySet<string>; admin: boolean }
  | { kind: "apiClient"; id: string; tenantId: string; permissions: ReadonlySet<string>; admin: false };

/** Request headers (lower-case names), or a WebSocket's connection parameters, to authenticate. */
export type Credentials = Readonly<Record<string, string | undefined>>;

/** Turns credentials into a principal; null means anonymous. Core's identity domain provides it. */
export type Authenticate = (credentials: Credentials, services: PlatformServices) => Promise<Principal | null>;

export interface RequestContext {
  requestId: string;
  logger: Logger;
  principal: Principal | null;
  services: PlatformServices;
  loaders: LoaderRegistry;
  /** Modules the principal's tenant switched off (cached per process for a few seconds). */
  tenantDisabledModules(): Promise<ReadonlySet<string>>;
}

export function actorOf(principal: Principal | null): string | null {
  return principal ? `${principal.kind}:${principal.id}` : null;
}
