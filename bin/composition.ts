// Every entry point (bin/, bench/) imports this file first: a .env beside package.json applies to all.
import "dotenv/config";
import "reflect-metadata";
import type { Config } from "../core/config/config";
import { coreModule } from "../core";
import type { DataSourceParts } from "../core/db/data-source";
import type { ModuleManifest } from "../core/kernel/module";
import { ModuleRegistry } from "../core/kernel/registry";
import { Platform } from "../core/platform";
import { loadMigrations } from "../migrations";
import { sfaModule } from "../modules/sfa";

/**
 * The composition root: the only place that names modules. A new module is one import and one
 * entry here; CRM_MODULES then decides whether this deployment serves it.
 */
export const MODULES: readonly ModuleManifest[] = [sfaModule];

export function bootPlatform(config: Config): Promise<Platform> {
  return Platform.boot({ config, core: coreModule, modules: MODULES, migrations: loadMigrations() });
}

/** Every module switched on: what the committed schema and the migrations describe. */
export function allModules(): ModuleRegistry {
  return ModuleRegistry.resolve(coreModule, MODULES, undefined);
}

export function databaseParts(): DataSourceParts {
  const modules = allModules();
  return { entities: modules.allEntities(), subscribers: modules.allSubscribers(), migrations: loadMigrations() };
}
