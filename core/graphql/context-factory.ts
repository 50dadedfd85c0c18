import { TenantScope } from "../db/tenant-scope";
import type { PlatformServices } from "../kernel/services";
import type { Authenticate, Credentials, RequestContext } from "./context";
import { LoaderRegistry, type LoaderFactory } from "./loaders";

/** Builds the per-request context for HTTP and WebSocket operations alike. */
export function createContextFactory(services: PlatformServices, authenticate: Authenticate) {
  const factories = new Map<string, LoaderFactory<unknown>>();
  for (const module of services.modules.active) {
    for (const [key, factory] of Object.entries(module.loaders ?? {})) {
      if (factory) factories.set(key, factory as LoaderFactory<unknown>);
    }
  }

  return async (credentials: Credentials, requestId: string, address = "unknown"): Promise<RequestContext> => {
    const { principal, operator } = await authenticate(credentials, services);
    const loaders = new LoaderRegistry(factories);
    const context: RequestContext = {
      requestId,
      address,
      credentials,
      principal,
      operator,
      tenant: principal ? new TenantScope(services.dataSource.manager, principal.tenantId, principal.visibility) : null,
      services,
      loaders,
      logger: services.logger.child({ requestId, tenantId: principal?.tenantId }),
      tenantDisabledModules: () => (principal ? services.moduleSwitches.disabledFor(principal.tenantId) : Promise.resolve(new Set<string>())),
    };
    loaders.bind(context);
    return context;
  };
}

export type ContextFactory = ReturnType<typeof createContextFactory>;
