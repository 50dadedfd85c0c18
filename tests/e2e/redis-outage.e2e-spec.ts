import { notesModule } from "../harness/fixtures/notes";
import { createNote, deliveryState, eventAndLedgerIds, writerToken } from "../harness/notes-delivery";
import { PrivateRedis } from "../harness/private-redis";
import { TestApp } from "../harness/test-app";
import { waitFor } from "../harness/wait";

/** The app's Redis is a private server this test stops and restarts; the machine's is never touched. */
describe("Redis outage: mutations keep committing, events wait in the outbox", () => {
  let redis: PrivateRedis;
  let app: TestApp;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    app = await TestApp.start({ modules: [notesModule], workers: true, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    try {
      // Stopping the app also deletes its keys, so Redis must be up for it.
      await redis?.start();
      await app?.stop();
    } finally {
      await redis?.kill();
    }
  });

  const readiness = async () => {
    const response = await fetch(`${app.url}/readyz`);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
  };

  it("commits through the outage and delivers everything exactly once when Redis returns", async () => {
    const client = app.client.as(writerToken("1"));
    expect((await createNote(client, "before the outage")).data?.noteCreate.note).toBeTruthy();
    await app.settle();
    expect(await deliveryState(app)).toMatchObject({ events: 1, undispatched: 0, tallied: 1 });

    await redis.stop();
    await waitFor("readiness to report Redis down", async () => {
      const { status, body } = await readiness();
      return status === 503 && body.checks.redis === "down" && body.checks.database === "up";
    });

    const during = [];
    for (let i = 0; i < 10; i++) during.push(await createNote(client, `during the outage ${i}`));
    for (const response of during) {
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(response.data?.noteCreate.note?.body).toMatch(/^during the outage/);
    }
    expect(await deliveryState(app)).toMatchObject({ events: 11, undispatched: 10, tallied: 1 });

    await redis.start();
    // Nothing nudges the relay from here on: recovery must not depend on another mutation.
    const state = await waitFor("every event to be dispatched and tallied", () => deliveryState(app), {
      until: (current) => current.undispatched === 0 && current.tallied === current.events,
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(state).toMatchObject({ events: 11, ledger: 11, tallied: 11 });
    await app.settle();
    expect(await deliveryState(app)).toEqual(state);
    const ids = await eventAndLedgerIds(app);
    expect(ids.ledger).toEqual(ids.events);
    expect((await readiness()).status).toBe(200);
    // The restarted Redis came back empty; the workers put the outbox's schedulers back.
    const schedulers = await waitFor("the outbox schedulers to be restored", async () => {
      const found = await app.services.queues.get("core.outbox").getJobSchedulers();
      return found.map((scheduler) => scheduler.key).sort();
    }, { until: (keys) => keys.length === 2 });
    expect(schedulers).toEqual(["prune", "sweep"]);
  });
});
