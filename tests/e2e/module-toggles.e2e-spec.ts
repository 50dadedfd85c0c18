import { print } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { TenantModulesDocument, TenantModuleSwitchDocument, TenantModuleSwitchedDocument } from "../../schema/generated/graphql";
import { onEvent } from "../../core/events/handler";
import { MODULE_OFF, defineJob } from "../../core/jobs/job";
import { ModuleConfigError } from "../../core/kernel/registry";
import { defineModule } from "../../core/kernel/module";
import { notesModule } from "../harness/fixtures/notes";
import { waitForJobState } from "../harness/jobs";
import { NOTE_CREATED, createNote, deliveryState, writerToken } from "../harness/notes-delivery";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const TYPES = `{ __schema { types { name } queryType { fields { name } } mutationType { fields { name } } } }`;

interface Introspection {
  __schema: { types: { name: string }[]; queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
}

const admin = (tenantId: string) => tokenFor({ tenantId, admin: true });

describe("CRM_MODULES decides what the schema has", () => {
  it("without modules the schema has only core types, and enabling one adds its types and fields", async () => {
    const bare = await TestApp.start({ modules: [notesModule], enabled: [] });
    const full = await TestApp.start({ modules: [notesModule] });
    try {
      const without = (await bare.client.as(admin("1")).data<Introspection, object>(TYPES)).__schema;
      const withNotes = (await full.client.as(admin("1")).data<Introspection, object>(TYPES)).__schema;
      const names = (schema: Introspection["__schema"]) => schema.types.map((t) => t.name);

      expect(names(without)).not.toEqual(expect.arrayContaining(["Note"]));
      expect(names(without).filter((n) => n.startsWith("Note"))).toEqual([]);
      const moduleFields = ["notes", "notesByIds", "slowEcho", "noteCreate"];
      expect(without.queryType.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["node", "nodes", "tenantModules", "me"]));
      expect([...without.queryType.fields, ...without.mutationType.fields].map((f) => f.name).filter((n) => moduleFields.includes(n))).toEqual([]);
      expect(names(withNotes).length - names(without).length).toBe(5);

      expect(names(withNotes)).toEqual(expect.arrayContaining(["Note", "NoteConnection", "NoteEdge", "NoteCreatePayload"]));
      expect(withNotes.queryType.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["notes", "node", "tenantModules"]));
      expect(withNotes.mutationType.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["noteCreate", "tenantModuleSwitch"]));

      const { tenantModules } = await bare.client.as(admin("1")).data(TenantModulesDocument);
      expect(tenantModules).toEqual([]);
    } finally {
      await Promise.all([bare.stop(), full.stop()]);
    }
  });

  it("refuses to start with an unknown module or a missing requirement, saying which", async () => {
    await expect(TestApp.start({ modules: [notesModule], enabled: ["notes", "nope"] })).rejects.toThrow(/unknown module 'nope'.*Known modules: notes/);
    const reports = defineModule({ name: "reports", description: "needs notes", requires: ["notes"] });
    await expect(TestApp.start({ modules: [notesModule, reports], enabled: ["reports"] })).rejects.toThrow(
      new ModuleConfigError("Module 'reports' requires module 'notes', which is not enabled. Add 'notes' to CRM_MODULES or remove 'reports'."),
    );
  });
});

describe("a tenant switches a module off for itself", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ modules: [notesModule] });
  });
  afterAll(() => app.stop());

  it("makes that tenant's calls into the module fail with MODULE_DISABLED, leaving other tenants alone", async () => {
    const writer = tokenFor({ tenantId: "10", permissions: ["notes.write"] });
    const created = await app.client.as(writer).data<{ noteCreate: { note: { id: string } } }, object>(
      `mutation { noteCreate(input: { body: "hello" }) { note { id } } }`,
    );
    const noteId = created.noteCreate.note.id;

    const off = await app.client.as(admin("10")).data(TenantModuleSwitchDocument, { input: { module: "notes", enabled: false } });
    expect(off.tenantModuleSwitch).toEqual({ tenantModule: { module: "notes", enabled: false }, userErrors: [] });

    for (const query of [`{ notes(first: 1) { totalCount } }`, `{ node(id: "${noteId}") { id } }`]) {
      const response = await app.client.as(writer).request(query);
      expect(response.errors?.[0]?.extensions).toEqual({ code: "MODULE_DISABLED", module: "notes" });
    }
    const other = await app.client.as(tokenFor({ tenantId: "11" })).request(`{ notes(first: 1) { totalCount } }`);
    expect(other.errors).toBeUndefined();
    expect((await app.client.as(admin("10")).data(TenantModulesDocument)).tenantModules).toEqual([
      { module: "notes", description: "Test fixture: notes", enabled: false },
    ]);

    await app.client.as(admin("10")).data(TenantModuleSwitchDocument, { input: { module: "notes", enabled: true } });
    const back = await app.client.as(writer).data<{ notes: { totalCount: number } }, object>(`{ notes(first: 1) { totalCount } }`);
    expect(back.notes.totalCount).toBe(1);
  });

  it("answers an unknown module with a userError and needs the tenant.manage permission", async () => {
    const unknown = await app.client.as(admin("10")).data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled: false } });
    expect(unknown.tenantModuleSwitch).toEqual({
      tenantModule: null,
      userErrors: [{ field: ["input", "module"], code: "NOT_FOUND", message: "This deployment serves no module 'sfa'." }],
    });
    const forbidden = await app.client.as(tokenFor({ tenantId: "10" })).request(TenantModuleSwitchDocument, { input: { module: "notes", enabled: false } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await app.query("SELECT * FROM tenant_module_setting WHERE module = 'sfa'")).toEqual([]);
    const allowed = await app.client
      .as(tokenFor({ tenantId: "12", permissions: ["tenant.manage"] }))
      .data(TenantModuleSwitchDocument, { input: { module: "notes", enabled: true } });
    expect(allowed.tenantModuleSwitch.userErrors).toEqual([]);
  });

  it("tells the tenant's subscribers over graphql-ws, and nobody else", async () => {
    const subscribe = (tenantId: string) => {
      const client = createClient({
        url: app.url.replace("http", "ws") + "/graphql",
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${admin(tenantId)}` },
      });
      const received: unknown[] = [];
      const done = new Promise<void>((resolve, reject) => {
        client.subscribe(
          { query: print(TenantModuleSwitchedDocument) },
          { next: (message) => void received.push(message.data), error: reject, complete: resolve },
        );
      });
      return { client, received, done };
    };
    const mine = subscribe("20");
    const theirs = subscribe("21");
    await waitFor(async () => {
      await app.client.as(admin("20")).data(TenantModuleSwitchDocument, { input: { module: "notes", enabled: false } });
      return mine.received.length > 0;
    });
    expect(mine.received[0]).toEqual({ tenantModuleSwitched: { module: "notes", enabled: false } });
    expect(theirs.received).toEqual([]);
    await Promise.all([mine.client.dispose(), theirs.client.dispose()]);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the echo module's background work ran for: `<tenant> ran <token>`, `<tenant> settled <token>`, `<tenant> heard <note id>`. */
const echoed: string[] = [];
type EchoPayload = { tenantId: string; token: string };
const echo = async ({ tenantId, token }: EchoPayload) => {
  echoed.push(`${tenantId} ran ${token}`);
  return "ran";
};
const echoWork = defineJob<EchoPayload>({ queue: "echo.work", name: "work", handle: echo });
const echoSettle = defineJob<EchoPayload>({
  queue: "echo.work",
  name: "settle",
  handle: echo,
  whenModuleOff: async ({ tenantId, token }) => {
    echoed.push(`${tenantId} settled ${token}`);
    return "settled";
  },
});
const echoModule = defineModule({
  name: "echo",
  description: "Test: background work of a module that a tenant can switch off",
  jobs: [echoWork, echoSettle],
  eventHandlers: [onEvent(NOTE_CREATED, "heard", async (event) => void echoed.push(`${event.tenantId} heard ${event.payload.noteId}`))],
});

describe("a tenant's switch also stops the module's background work for that tenant", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ modules: [notesModule, echoModule], workers: true });
  });
  afterAll(() => app.stop());
  const switchModule = async (tenantId: string, module: string, enabled: boolean) =>
    expect((await app.client.as(admin(tenantId)).data(TenantModuleSwitchDocument, { input: { module, enabled } })).tenantModuleSwitch.userErrors).toEqual([]);

  it("skips its jobs, or lets them settle what they leave waiting, and leaves other tenants alone", async () => {
    await switchModule("20", "echo", false);
    const queue = app.services.queues.get("echo.work");
    for (const tenantId of ["20", "21"]) {
      await app.services.queues.enqueue(echoWork, { tenantId, token: "w" }, { jobId: `work-${tenantId}` });
      await app.services.queues.enqueue(echoSettle, { tenantId, token: "s" }, { jobId: `settle-${tenantId}` });
    }
    const outcome = async (jobId: string) => (await waitForJobState(queue, jobId, ["completed", "failed"])).returnvalue as unknown;
    expect(await outcome("work-20")).toBe(MODULE_OFF);
    expect(await outcome("settle-20")).toBe("settled");
    expect(await outcome("work-21")).toBe("ran");
    expect(await outcome("settle-21")).toBe("ran");
    expect(echoed.filter((line) => !line.includes("heard")).sort()).toEqual(["20 settled s", "21 ran s", "21 ran w"]);
  });

  it("drops other modules' events for that tenant, and still finishes the follow-ups of its own", async () => {
    const noteOf = async (tenantId: string) => (await createNote(app.client.as(writerToken(tenantId)), `echo ${tenantId}`)).data!.noteCreate.note!.id;
    const [in20, in21] = [await noteOf("20"), await noteOf("21")];
    await app.settle();
    expect(in20 && in21).toBeTruthy();
    expect(echoed.filter((line) => line.includes("heard"))).toEqual([expect.stringMatching(/^21 heard \d+$/)]);

    // notes' own event, committed just before notes went off for the tenant, is still tallied.
    const before = (await deliveryState(app)).tallyByTenant["20"];
    await switchModule("20", "notes", false);
    await app.services.transactions.run({ tenantId: "20", actor: null, requestId: null }, (uow) => uow.emit(NOTE_CREATED, { noteId: "1" }));
    await app.settle();
    expect((await deliveryState(app)).tallyByTenant["20"]).toBe(before! + 1);
  });
});
