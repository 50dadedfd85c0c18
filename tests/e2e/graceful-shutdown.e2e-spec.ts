import { platformEnv, spawnTsChild, type Child } from "../harness/child-process";
import { notesModule, slowJob } from "../harness/fixtures/notes";
import { waitForJobState } from "../harness/jobs";
import { connectionRefused, postGraphQL } from "../harness/raw-http";
import { TestApp } from "../harness/test-app";
import { waitFor } from "../harness/wait";

const SLOW_ECHO = `query Slow($ms: Int!) { slowEcho(ms: $ms) }`;
const REQUEST_MS = 1_500;
const JOB_MS = 2_000;
const SHUTDOWN_TIMEOUT_MS = 8_000;
/** runService's own backstop fires 2 s past the limit; beyond that, the process is stuck. */
const EXIT_SLACK_MS = 5_000;

/** The `msg` of every pino line the child logged. */
function logMessages(child: Child): string[] {
  return child.stdout.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: unknown };
      return typeof entry.msg === "string" ? [entry.msg] : [];
    } catch {
      return [];
    }
  });
}

describe("SIGTERM: requests and jobs in flight finish, the process exits by itself", () => {
  let app: TestApp;
  const children: Child[] = [];
  const workQueue = () => app.services.queues.get(slowJob.queue);
  const jobRuns = (tokens: string[]) => app.query<{ token: string }>("SELECT token FROM note_job_run WHERE token IN (?) ORDER BY token", [tokens]);

  beforeAll(async () => {
    // Owns the database the children use, and is how the test enqueues and inspects.
    app = await TestApp.start({ modules: [notesModule], api: false });
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await app?.stop();
  });

  async function startChild(shutdownTimeoutMs: number): Promise<{ child: Child; url: string }> {
    const env = platformEnv(app.config, { SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs), LOG_LEVEL: "info" });
    const { child, ready } = await spawnTsChild("app-child.ts", env);
    children.push(child);
    return { child, url: ready[1]! };
  }

  async function startSlowJobs(tokens: string[], ms: number): Promise<void> {
    for (const token of tokens) await app.services.queues.enqueue(slowJob, { token, ms }, { jobId: token });
    for (const token of tokens) await waitForJobState(workQueue(), token, ["active"]);
  }

  it("drains requests and jobs in flight, refuses new connections, and exits 0", async () => {
    const { child, url } = await startChild(SHUTDOWN_TIMEOUT_MS);
    const tokens = ["drain-1", "drain-2", "drain-3"];
    await startSlowJobs(tokens, JOB_MS);

    let signalled = false;
    let answered = 0;
    const requests = Array.from({ length: 4 }, () => postGraphQL(url, SLOW_ECHO, { ms: REQUEST_MS }));
    const answers = requests.map(({ answer }) =>
      answer.then((response) => {
        answered++;
        return { ...response, afterSignal: signalled };
      }),
    );
    await Promise.all(requests.map(({ sent }) => sent));
    // A round trip on a later connection: by its answer the server has read the slow requests too.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await jobRuns(tokens)).toEqual([]);

    child.signal("SIGTERM");
    signalled = true;
    await waitFor("the listener to close", () => connectionRefused(Number(new URL(url).port)), { timeoutMs: 5_000 });
    expect(answered).toBe(0);

    expect(await child.waitForExit(SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS)).toEqual({ code: 0, signal: null });
    expect(await Promise.all(answers)).toEqual(answers.map(() => ({ status: 200, body: { data: { slowEcho: REQUEST_MS } }, afterSignal: true })));
    expect(await jobRuns(tokens)).toEqual(tokens.map((token) => ({ token })));
    for (const token of tokens) expect(await workQueue().getJobState(token)).toBe("completed");
  });

  it("exits non-zero when a job outlives the limit, and leaves that job in the queue", async () => {
    const limitMs = 1_000;
    const { child } = await startChild(limitMs);
    await startSlowJobs(["overdue"], 5_000);

    child.signal("SIGTERM");
    expect(await child.waitForExit(limitMs + EXIT_SLACK_MS)).toEqual({ code: 1, signal: null });
    // Stopped through the platform's forced path, not by runService's backstop timer.
    expect(logMessages(child)).toEqual(expect.arrayContaining(["workers did not finish in time; releasing their jobs", "stopped"]));
    expect(logMessages(child)).not.toContain("shutdown exceeded its limit; exiting");

    expect(await jobRuns(["overdue"])).toEqual([]);
    // Still active under the dead worker's lock; when the lock lapses BullMQ's stalled check hands it to another worker.
    const job = await workQueue().getJob("overdue");
    expect(job?.data).toEqual({ token: "overdue", ms: 5_000 });
    expect(await workQueue().getJobState("overdue")).toBe("active");
    expect(job?.finishedOn).toBeUndefined();
  });
});
