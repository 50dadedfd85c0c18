import type { MiddlewareFn } from "type-graphql";
import { UseMiddleware } from "type-graphql";
import type { RequestContext } from "../graphql/context";
import { ErrorCode, clientError } from "../graphql/errors";

export async function assertModuleEnabled(context: RequestContext, module: string): Promise<void> {
  if (module === "core") return;
  if ((await context.tenantDisabledModules()).has(module)) {
    throw clientError(ErrorCode.MODULE_DISABLED, `The '${module}' module is switched off for this tenant.`, { module });
  }
}

function moduleGuard(module: string): MiddlewareFn<RequestContext> {
  return async ({ context }, next) => {
    await assertModuleEnabled(context, module);
    return next();
  };
}

const guarded = new WeakSet<Function>();

/**
 * Puts the tenant switch in front of every query, mutation and field a module's resolver class
 * declares, including fields it adds to core types, so the module code itself never checks.
 */
export function guardModuleResolvers(module: string, resolvers: readonly Function[]): void {
  if (module === "core") return;
  for (const resolver of resolvers) {
    if (guarded.has(resolver)) continue;
    UseMiddleware(moduleGuard(module))(resolver);
    guarded.add(resolver);
  }
}
