import { createNote, deliveryState, eventAndLedgerIds, writerToken, type NoteCreated } from "../harness/notes-delivery";
import type { GraphQLResponse } from "../harness/graphql-client";
import { privateApp, readiness } from "../harness/private-services";
import { sleep, waitFor } from "../harness/wait";

const OUTAGE_MS = 30_000;
/** Pause between mutations: a steady stream, not a load test. */
const PACE_MS = 50;

/** Unlike tests/e2e/redis-outage, Redis stays down for a real 30 s while mutations keep coming. */
describe("Redis down for 30 s while mutations continue", () => {
  const running = privateApp({ workers: true });

  it("keeps serving and delivers every event exactly once when Redis returns", async () => {
    const app = running.app();
    const services = running.services();
    const client = app.client.as(writerToken("1"));
    const responses: { phase: string; response: GraphQLResponse<NoteCreated> }[] = [];
    let phase = "before";
    let streaming = true;
    const stream = (async () => {
      for (let i = 0; streaming; i++) {
        responses.push({ phase, response: await createNote(client, `${phase} ${i}`) });
        await sleep(PACE_MS);
      }
    })();

    await sleep(1_000);
    phase = "during";
    await services.redis.stop();
    const outageStarted = Date.now();
    await waitFor("readiness to report Redis down", async () => {
      const { status, checks } = await readiness(app);
      return status === 503 && checks.redis === "down" && checks.database === "up";
    });
    await sleep(OUTAGE_MS - (Date.now() - outageStarted));
    const duringOutage = responses.filter((r) => r.phase === "during").length;
    phase = "after";
    await services.redis.start();
    await sleep(2_000);
    streaming = false;
    await stream;

    // Every mutation answered and committed, through the outage too.
    expect(duringOutage).toBeGreaterThan(50);
    const failures = responses.filter(({ response }) => response.status !== 200 || response.errors || !response.data?.noteCreate.note);
    expect(failures).toEqual([]);

    // Nothing nudges the relay after the stream: the sweep and the reconnect must finish the job.
    const state = await waitFor("every event to be dispatched and tallied", () => deliveryState(app), {
      until: (current) => current.undispatched === 0 && current.tallied === current.events,
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(state).toMatchObject({ events: responses.length, ledger: responses.length, tallied: responses.length });
    await app.settle();
    expect(await deliveryState(app)).toEqual(state);
    const ids = await eventAndLedgerIds(app);
    expect(ids.ledger).toEqual(ids.events);
    expect((await readiness(app)).status).toBe(200);
  });
});
