import { notesModule, slowJob } from "../harness/fixtures/notes";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

describe("per-request loaders", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ modules: [notesModule] });
  });
  afterAll(() => app.stop());

  it("batch a request's loads into one query and never serve one tenant's rows to another", async () => {
    const writer = (tenantId: string) => app.client.as(tokenFor({ tenantId, permissions: ["notes.write"] }));
    for (const body of ["a", "b", "c"]) {
      await writer("1").data(`mutation($body: String!) { noteCreate(input: { body: $body }) { note { id } } }`, { body });
    }
    const rowIds = (await app.query<{ id: string }>("SELECT id FROM note ORDER BY id")).map((r) => String(r.id));

    const twice = `query($ids: [String!]!) { first: notesByIds(ids: $ids) { body } again: notesByIds(ids: $ids) { body } }`;
    const mine = await writer("1").request<{ first: { body: string }[]; again: { body: string }[] }, object>(twice, { ids: rowIds });
    expect(mine.data?.first.map((n) => n.body)).toEqual(["a", "b", "c"]);
    expect(mine.data?.again).toEqual(mine.data?.first);
    // Six loads, one statement: batched within the request and cached for the second field.
    expect(mine.headers.get("x-sql-statements")).toBe("1");

    const theirs = await writer("2").data<{ first: unknown[] }, object>(twice, { ids: rowIds });
    expect(theirs.first).toEqual([null, null, null]);
  });
});

describe("WORKER_QUEUES", () => {
  it("lets a process work only the queues it names", async () => {
    const app = await TestApp.start({ modules: [notesModule], workers: true, api: false, env: { WORKER_QUEUES: "notes.work" } });
    try {
      expect(app.workers?.queueNames).toEqual(["notes.work"]);
      await app.services.queues.enqueue(slowJob, { token: "only-this-queue", ms: 1 });
      await app.settle(15_000, ["notes.work"]);
      expect(await app.query("SELECT token FROM note_job_run")).toEqual([{ token: "only-this-queue" }]);
    } finally {
      await app.stop();
    }
  });
});
