import type { RequestHandler } from "express";
import type { z } from "zod";
import type { EventHandlerDefinition } from "../events/handler";
import type { JobDefinition } from "../jobs/job";
import type { LoaderFactories } from "../graphql/loaders";
import type { NodeDefinition } from "../graphql/relay/node-registry";
import type { ContextOf } from "../http/route-helpers";
import type { PlatformServices } from "./services";

export interface PermissionDefinition {
  /** `<module>.<noun>.<verb>`, e.g. `sfa.opportunity.write`. */
  readonly key: string;
  readonly description: string;
}

/**
 * Plain HTTP endpoints a module serves beside GraphQL (a public web form, a calendar feed), at
 * `/<module>/...`. Only an enabled module's routes are mounted; a route that serves a tenant must
 * itself refuse when the tenant switched the module off (`services.moduleSwitches`).
 */
export interface HttpRouteDefinition {
  /** Where the router is mounted; starts with `/<module>/`. */
  readonly path: string;
  /** `contextOf` authenticates like the GraphQL endpoint (see `authenticated` in core/http/route-helpers). */
  router(services: PlatformServices, contextOf: ContextOf): RequestHandler;
}

/**
 * Extension points that core offers to modules. Core domains add members by declaration merging
 * (`declare module "core/kernel/module" { interface ModuleHooks { ... } }`), so a hook's type is
 * owned by the domain that calls it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModuleHooks {}

export interface ModuleManifest {
  /** Lower-case identifier; prefixes the module's queues, events, permissions and loaders. */
  readonly name: string;
  readonly description: string;
  /** Other modules that must be enabled in the same deployment. */
  readonly requires?: readonly string[];
  /** TypeORM entities. All modules' entities are always loaded: the database is the superset. */
  readonly entities?: readonly Function[];
  /** TypeORM entity subscribers, loaded with the entities (e.g. the audit log's). */
  readonly subscribers?: readonly Function[];
  /** type-graphql resolver classes; only an enabled module's resolvers reach the schema. */
  readonly resolvers?: readonly Function[];
  /** Node types that `node(id)` can resolve. */
  readonly nodes?: readonly NodeDefinition[];
  readonly loaders?: LoaderFactories;
  readonly jobs?: readonly JobDefinition[];
  readonly eventHandlers?: readonly EventHandlerDefinition[];
  readonly permissions?: readonly PermissionDefinition[];
  /** Schema of the module's own environment variables, checked at start when the module is on. */
  readonly config?: z.ZodType;
  readonly hooks?: Partial<ModuleHooks>;
  readonly routes?: readonly HttpRouteDefinition[];
}

const MODULE_NAME = /^[a-z][a-z0-9]{1,15}$/;

export class ModuleDefinitionError extends Error {
  override name = "ModuleDefinitionError";
}

/** Declares a module; checks at load time what the type system cannot. */
export function defineModule<const M extends ModuleManifest>(manifest: M): M {
  const fail = (problem: string): never => {
    throw new ModuleDefinitionError(`Module '${manifest.name}': ${problem}`);
  };
  if (!MODULE_NAME.test(manifest.name)) fail("name must match " + MODULE_NAME.source);
  const prefix = `${manifest.name}.`;
  for (const job of manifest.jobs ?? []) {
    if (!job.queue.startsWith(prefix)) fail(`job '${job.name}' uses queue '${job.queue}', outside '${prefix}*'`);
  }
  // Core's permissions read as plain nouns (`contacts.read`); a module's carry its name.
  for (const permission of manifest.permissions ?? []) {
    if (manifest.name !== "core" && !permission.key.startsWith(prefix)) fail(`permission '${permission.key}' is outside '${prefix}*'`);
  }
  for (const key of Object.keys(manifest.loaders ?? {})) {
    if (!key.startsWith(prefix)) fail(`loader '${key}' is outside '${prefix}*'`);
  }
  for (const route of manifest.routes ?? []) {
    if (!route.path.startsWith(`/${manifest.name}/`)) fail(`route '${route.path}' is outside '/${manifest.name}/'`);
  }
  const handlerNames = new Set<string>();
  for (const handler of manifest.eventHandlers ?? []) {
    if (handlerNames.has(handler.name)) fail(`two event handlers are named '${handler.name}'`);
    if (handler.maxBatch !== undefined && !(Number.isInteger(handler.maxBatch) && handler.maxBatch >= 1)) {
      fail(`event handler '${handler.name}' asks for a maxBatch of ${handler.maxBatch}; give a whole number from 1`);
    }
    handlerNames.add(handler.name);
  }
  return Object.freeze(manifest);
}
