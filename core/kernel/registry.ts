import type { NodeDefinition } from "../graphql/relay/node-registry";
import type { ModuleManifest, PermissionDefinition } from "./module";

export class ModuleConfigError extends Error {
  override name = "ModuleConfigError";
}

/**
 * The modules of one deployment: core first, then the modules that CRM_MODULES switched on,
 * in dependency order. Everything that assembles schema, workers and handlers asks this.
 */
export class ModuleRegistry {
  /** Each node type of the active modules, with its module: `node(id)` looks every id up here. */
  private readonly nodeTypes: ReadonlyMap<string, { module: string; definition: NodeDefinition }>;

  private constructor(
    readonly core: ModuleManifest,
    /** Every module this build knows, enabled or not. */
    readonly available: readonly ModuleManifest[],
    /** The enabled modules, each after the modules it requires. */
    readonly enabled: readonly ModuleManifest[],
  ) {
    const nodeTypes = new Map<string, { module: string; definition: NodeDefinition }>();
    for (const module of this.active) {
      for (const definition of module.nodes ?? []) {
        const other = nodeTypes.get(definition.typeName);
        if (other) throw new ModuleConfigError(`Node type '${definition.typeName}' is served by both '${other.module}' and '${module.name}'.`);
        nodeTypes.set(definition.typeName, { module: module.name, definition });
      }
    }
    this.nodeTypes = nodeTypes;
  }

  /** The active module that serves a node type, and how it loads it; undefined if none does. */
  nodeType(typeName: string): { module: string; definition: NodeDefinition } | undefined {
    return this.nodeTypes.get(typeName);
  }

  /**
   * @param selection the names from CRM_MODULES; `undefined` enables every available module.
   */
  static resolve(
    core: ModuleManifest,
    available: readonly ModuleManifest[],
    selection: readonly string[] | undefined,
  ): ModuleRegistry {
    const byName = new Map(available.map((m) => [m.name, m]));
    if (byName.size !== available.length) throw new ModuleConfigError("Two modules share a name.");
    const known = [...byName.keys()].join(", ") || "(none)";
    const names = selection ?? [...byName.keys()];
    for (const name of names) {
      if (!byName.has(name)) {
        throw new ModuleConfigError(`CRM_MODULES names unknown module '${name}'. Known modules: ${known}.`);
      }
    }
    const chosen = new Set(names);
    for (const name of chosen) {
      for (const required of byName.get(name)!.requires ?? []) {
        if (!chosen.has(required)) {
          throw new ModuleConfigError(
            `Module '${name}' requires module '${required}', which is not enabled. ` +
              `Add '${required}' to CRM_MODULES or remove '${name}'.`,
          );
        }
      }
    }
    const ordered: ModuleManifest[] = [];
    const visit = (name: string, path: string[]): void => {
      if (ordered.some((m) => m.name === name)) return;
      if (path.includes(name)) throw new ModuleConfigError(`Module requirements form a cycle: ${[...path, name].join(" -> ")}.`);
      const manifest = byName.get(name)!;
      for (const required of manifest.requires ?? []) visit(required, [...path, name]);
      ordered.push(manifest);
    };
    for (const name of chosen) visit(name, []);
    return new ModuleRegistry(core, available, ordered);
  }

  /** Core followed by the enabled modules. */
  get active(): readonly ModuleManifest[] {
    return [this.core, ...this.enabled];
  }

  isEnabled(name: string): boolean {
    return name === this.core.name || this.enabled.some((m) => m.name === name);
  }

  /** Entities of core and of every available module: migrations never depend on toggles. */
  allEntities(): Function[] {
    return [this.core, ...this.available].flatMap((m) => [...(m.entities ?? [])]);
  }

  /** Subscribers come with the entities they watch, so they follow the same rule. */
  allSubscribers(): Function[] {
    return [this.core, ...this.available].flatMap((m) => [...(m.subscribers ?? [])]);
  }

  permissions(): PermissionDefinition[] {
    return this.active.flatMap((m) => [...(m.permissions ?? [])]);
  }
}
