import { defineModule, ModuleDefinitionError } from "../../core/kernel/module";
import { ModuleConfigError, ModuleRegistry } from "../../core/kernel/registry";
import { onEvent } from "../../core/events/handler";
import { defineJob } from "../../core/jobs/job";

const core = defineModule({ name: "core", description: "core", permissions: [{ key: "contacts.read", description: "read" }] });
const a = defineModule({ name: "alpha", description: "a" });
const b = defineModule({ name: "beta", description: "b", requires: ["alpha"] });
const c = defineModule({ name: "gamma", description: "c", requires: ["beta"] });

describe("ModuleRegistry", () => {
  it("enables every module when CRM_MODULES is unset, each after what it requires", () => {
    const registry = ModuleRegistry.resolve(core, [c, b, a], undefined);
    expect(registry.enabled.map((m) => m.name)).toEqual(["alpha", "beta", "gamma"]);
    expect(registry.active[0]).toBe(core);
  });

  it("enables only the selection, and core only for an empty one", () => {
    expect(ModuleRegistry.resolve(core, [a, b, c], ["alpha"]).enabled.map((m) => m.name)).toEqual(["alpha"]);
    const none = ModuleRegistry.resolve(core, [a, b, c], []);
    expect(none.enabled).toEqual([]);
    expect(none.isEnabled("core")).toBe(true);
    expect(none.isEnabled("alpha")).toBe(false);
  });

  it("rejects unknown names and missing requirements with what to do", () => {
    expect(() => ModuleRegistry.resolve(core, [a, b], ["alpha", "zeta"])).toThrow(
      new ModuleConfigError("CRM_MODULES names unknown module 'zeta'. Known modules: alpha, beta."),
    );
    expect(() => ModuleRegistry.resolve(core, [a, b, c], ["gamma", "alpha"])).toThrow(/'gamma' requires module 'beta'/);
  });

  it("knows which enabled module serves each node type, and refuses two serving the same", () => {
    const load = async () => [];
    const memos = defineModule({ name: "memos", description: "m", nodes: [{ typeName: "Memo", load }] });
    const copy = defineModule({ name: "copies", description: "c", nodes: [{ typeName: "Memo", load }] });
    const registry = ModuleRegistry.resolve(core, [memos, copy], ["memos"]);
    expect(registry.nodeType("Memo")).toEqual({ module: "memos", definition: memos.nodes![0] });
    expect(registry.nodeType("Nope")).toBeUndefined();
    expect(() => ModuleRegistry.resolve(core, [memos, copy], undefined)).toThrow(new ModuleConfigError("Node type 'Memo' is served by both 'memos' and 'copies'."));
  });

  it("detects a requirement cycle", () => {
    const x = defineModule({ name: "xx", description: "x", requires: ["yy"] });
    const y = defineModule({ name: "yy", description: "y", requires: ["xx"] });
    expect(() => ModuleRegistry.resolve(core, [x, y], undefined)).toThrow(/cycle/);
  });

  it("loads every module's entities, enabled or not, since the database is the superset", () => {
    class AlphaEntity {}
    const withEntity = defineModule({ name: "delta", description: "d", entities: [AlphaEntity] });
    expect(ModuleRegistry.resolve(core, [withEntity], []).allEntities()).toEqual([AlphaEntity]);
  });
});

describe("defineModule", () => {
  const job = defineJob({ queue: "other.work", name: "x", handle: async () => undefined });

  it.each([
    [{ name: "Bad-Name", description: "" }, /name must match/],
    [{ name: "alpha", description: "", jobs: [job] }, /queue 'other.work', outside 'alpha.\*'/],
    [{ name: "alpha", description: "", permissions: [{ key: "contacts.read", description: "" }] }, /permission 'contacts.read'/],
    [{ name: "alpha", description: "", loaders: { "beta.byId": () => undefined } }, /loader 'beta.byId'/],
    [{ name: "alpha", description: "", routes: [{ path: "/beta/form", router: () => () => undefined }] }, /route '\/beta\/form'/],
    [{ name: "alpha", description: "", eventHandlers: [onEvent("core.contact.updated.v1", "slow", async () => undefined, { maxBatch: 0 })] }, /maxBatch of 0/],
  ])("rejects %j", (manifest, message) => {
    expect(() => defineModule(manifest)).toThrow(ModuleDefinitionError);
    expect(() => defineModule(manifest)).toThrow(message);
  });
});
