import { platformEnv, spawnTsChild, type Child } from "../harness/child-process";
import { notesModule } from "../harness/fixtures/notes";
import { NOTE_CREATE, writerToken } from "../harness/notes-delivery";
import { PrivateServices } from "../harness/private-services";
import { postGraphQL } from "../harness/raw-http";
import { TestApp } from "../harness/test-app";
import { sleep } from "../harness/wait";

const CLIENTS = 6;
const LOAD_BEFORE_SIGNAL_MS = 2_000;
const SLOW_ECHO = `query Slow($ms: Int!) { slowEcho(ms: $ms) }`;

type Outcome =
  | { kind: "ok"; mutation: boolean; afterSignal: boolean }
  /** An answer, but not a successful one: what a graceful shutdown must never produce. */
  | { kind: "failed"; status: number; body: unknown }
  /** Nothing listened any more: the client knows the request never reached the server. */
  | { kind: "refused" }
  /**
   * Reset without an answer. Fine only for a connection the kernel had queued when the listener
   * closed (the server never accepted it, so the request never reached it); the test checks that
   * against the server's own count of accepted connections.
   */
  | { kind: "reset"; code: string };

describe("SIGTERM while requests keep coming", () => {
  let services: PrivateServices;
  let app: TestApp;
  let child: Child | undefined;

  beforeAll(async () => {
    services = await PrivateServices.start();
    // Owns the database the child uses, and is how the test checks what the mutations wrote.
    app = await TestApp.start({ modules: [notesModule], api: false, env: services.env });
  });
  afterAll(async () => {
    try {
      await child?.kill();
      await app?.stop();
    } finally {
      await services?.kill();
    }
  });

  it("completes every request that reached the server; the rest are refused at connect", async () => {
    const env = platformEnv(app.config, { TEST_CHILD_ROLES: "api", SHUTDOWN_TIMEOUT_MS: "10000" });
    const started = await spawnTsChild("app-child.ts", env);
    child = started.child;
    const url = started.ready[1]!;
    const auth = { authorization: `Bearer ${writerToken("1")}` };

    let signalled = false;
    const outcomes: Outcome[] = [];
    /** One client: requests back to back, each on a new connection, until one is refused. */
    const client = async (id: number) => {
      for (let i = 0; ; i++) {
        const mutation = i % 2 === 0;
        const { sent, answer } = mutation
          ? postGraphQL(url, NOTE_CREATE, { input: { body: `client ${id} request ${i}` } }, auth)
          : postGraphQL(url, SLOW_ECHO, { ms: 20 + 10 * id });
        // Its failure is the answer's too, and is classified from there.
        sent.catch(() => undefined);
        let outcome: Outcome;
        try {
          const { status, body } = await answer;
          const data = (body as { data?: { noteCreate?: { note: unknown }; slowEcho?: number } | null; errors?: unknown }).data;
          const ok = status === 200 && !(body as { errors?: unknown }).errors && (mutation ? Boolean(data?.noteCreate?.note) : typeof data?.slowEcho === "number");
          outcome = ok ? { kind: "ok", mutation, afterSignal: signalled } : { kind: "failed", status, body };
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          outcome = code === "ECONNREFUSED" ? { kind: "refused" } : { kind: "reset", code };
        }
        outcomes.push(outcome);
        if (outcome.kind === "refused") return;
      }
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));

    await sleep(LOAD_BEFORE_SIGNAL_MS);
    child.signal("SIGTERM");
    signalled = true;
    await clients;
    expect(await child.waitForExit(15_000)).toEqual({ code: 0, signal: null });

    const count = (kind: Outcome["kind"]) => outcomes.filter((o) => o.kind === kind).length;
    expect(outcomes.filter((o) => o.kind === "failed")).toEqual([]);
    // Every connection the server accepted was answered successfully; so a reset, if any, was a
    // connection queued by the kernel in the instant the listener closed, never seen by the server.
    const [, accepted] = await child.waitForLine(/^ACCEPTED (\d+)$/);
    expect(Number(accepted)).toBe(count("ok"));
    // Each client went on until the server refused it.
    expect(count("refused")).toBe(CLIENTS);
    expect(count("ok")).toBeGreaterThan(50);
    // Some requests were in flight when the signal came, and were answered after it.
    expect(outcomes.some((o) => o.kind === "ok" && o.afterSignal)).toBe(true);

    // An answered mutation is a committed one.
    const answeredNotes = outcomes.filter((o) => o.kind === "ok" && o.mutation).length;
    const [{ n }] = await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM note");
    expect(Number(n)).toBe(answeredNotes);
  });
});
