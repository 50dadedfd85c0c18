import { atomically, refuse } from "../../core/contacts/service-result";
import type { DomainEvent } from "../../core/events/catalog";
import { userError } from "../../core/graphql/payload";
import { TestApp } from "../harness/test-app";

describe("unit of work", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ api: false });
  });
  afterAll(() => app.stop());

  it("forgets the events and callbacks of a savepoint that was undone, and keeps the rest", async () => {
    const heard: DomainEvent[] = [];
    const stop = [app.services.bus.on("core.account.created.v1", (event) => void heard.push(event)), app.services.bus.on("core.account.updated.v1", (event) => void heard.push(event))];
    const ran: string[] = [];
    const refused = await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, async (uow) => {
      await uow.emit("core.account.created.v1", { accountId: "1" });
      uow.afterCommit(() => void ran.push("kept"));
      return atomically(
        uow,
        async () => {
          await uow.emit("core.account.updated.v1", { accountId: "2" });
          uow.afterCommit(() => void ran.push("undone"));
          refuse([userError(["input"], "INVALID", "No.")]);
        },
        () => [],
      );
    });
    stop.forEach((unsubscribe) => unsubscribe());
    expect(refused).toEqual({ errors: [expect.objectContaining({ code: "INVALID" })] });
    expect(heard.map((event) => [event.type, event.payload])).toEqual([["core.account.created.v1", { accountId: "1" }]]);
    expect(ran).toEqual(["kept"]);
    expect(await app.query("SELECT type FROM outbox_event ORDER BY id")).toEqual([{ type: "core.account.created.v1" }]);
  });
});
