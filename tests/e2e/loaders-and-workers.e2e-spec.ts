import { UnrecoverableError } from "bullmq";
import { defineJob } from "../../core/jobs/job";
import { defineModule } from "../../core/kernel/module";
import { notesModule, slowJob } from "../harness/fixtures/notes";
import { waitForJobState } from "../harness/jobs";
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

describe("a job that fails for good", () => {
  /** What the failing module's jobs went through: `<token> attempt <n>`, `<token> settled`. */
  const seen: string[] = [];
  type Attempt = { token: string; unrecoverable?: boolean };
  const failing = defineJob<Attempt>({
    queue: "failing.work",
    name: "fail",
    async handle({ token, unrecoverable }, { job }) {
      seen.push(`${token} attempt ${job.attemptsMade + 1}`);
      throw unrecoverable ? new UnrecoverableError("cannot ever work") : new Error("fails this time");
    },
    whenFailedForGood: async ({ token }) => void seen.push(`${token} settled`),
  });
  const failingModule = defineModule({ name: "failing", description: "Test: jobs that fail", jobs: [failing] });
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ modules: [failingModule], workers: true, api: false });
  });
  afterAll(() => app.stop());
  const failed = (jobId: string) => waitForJobState(app.services.queues.get("failing.work"), jobId, ["failed"]);

  it("settles after its last attempt, not before", async () => {
    await app.services.queues.enqueue(failing, { token: "twice" }, { jobId: "twice", attempts: 2, backoff: { type: "fixed", delay: 10 } });
    await failed("twice");
    expect(seen.filter((line) => line.startsWith("twice"))).toEqual(["twice attempt 1", "twice attempt 2", "twice settled"]);
  });

  it("settles at once when the failure is unrecoverable", async () => {
    await app.services.queues.enqueue(failing, { token: "never", unrecoverable: true }, { jobId: "never", attempts: 3 });
    await failed("never");
    expect(seen.filter((line) => line.startsWith("never"))).toEqual(["never attempt 1", "never settled"]);
  });
});
