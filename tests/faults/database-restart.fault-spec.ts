import { createNote, writerToken } from "../harness/notes-delivery";
import { privateApp, readiness } from "../harness/private-services";
import { waitFor } from "../harness/wait";

/** A request while the database is down must fail within this, not hang. */
const FAIL_WITHIN_MS = 10_000;
const RECOVER_WITHIN_MS = 30_000;

describe("database restart: the API recovers by itself", () => {
  const running = privateApp();

  it("fails cleanly while the database is down and serves again once it is back", async () => {
    const app = running.app();
    const services = running.services();
    const client = app.client.as(writerToken("1"));
    const created = async (body: string) => {
      const response = await createNote(client, body);
      return response.status === 200 && !response.errors && Boolean(response.data?.noteCreate.note);
    };
    // Several at once, so the pool holds several connections that the restart will break.
    expect(await Promise.all(Array.from({ length: 5 }, (_, i) => created(`before ${i}`)))).toEqual([true, true, true, true, true]);

    await services.db.stop();

    const started = Date.now();
    const during = await createNote(client, "during");
    expect(Date.now() - started).toBeLessThan(FAIL_WITHIN_MS);
    // A fault, masked: no driver message or address reaches the client.
    expect(during.data?.noteCreate ?? null).toBeNull();
    expect(during.errors?.map((e) => e.extensions?.code)).toEqual(["INTERNAL_SERVER_ERROR"]);
    expect(JSON.stringify(during.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|mysql|maria/i);
    expect(await readiness(app)).toEqual({ status: 503, checks: { database: "down", redis: "up" } });

    await services.db.start();
    // Same port and data directory; the API is not restarted.
    await waitFor("notes to be created again", () => created("after"), { timeoutMs: RECOVER_WITHIN_MS, intervalMs: 250 });
    expect(await Promise.all(Array.from({ length: 5 }, (_, i) => created(`after ${i}`)))).toEqual([true, true, true, true, true]);
    expect(await readiness(app)).toEqual({ status: 200, checks: { database: "up", redis: "up" } });
    const [{ n }] = await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM note WHERE body LIKE 'before %' OR body LIKE 'after%'");
    expect(Number(n)).toBe(11);
  });
});
