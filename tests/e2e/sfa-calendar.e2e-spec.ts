import * as ical from "node-ical";
import type { Queue } from "bullmq";
import { erasePerson } from "../../core/gdpr/gdpr.service";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import { sfaModule } from "../../modules/sfa";
import { activitySeriesExtendJob } from "../../modules/sfa/jobs/activity-series-extend.job";
import { reminderSweepJob } from "../../modules/sfa/jobs/reminder-sweep.job";
import {
  AccountsWithActivitiesDocument,
  ActivitiesDocument,
  ActivityCancelDocument,
  ActivityCompleteDocument,
  ActivityCreateDocument,
  ActivityNodeDocument,
  ActivitySeriesCancelDocument,
  ActivityUpdateDocument,
  CalendarFeedCreateDocument,
  CalendarFeedRevokeDocument,
  ContactActivitiesDocument,
  ContactTimelineDetailsDocument,
  TenantModuleSwitchDocument,
  UserUpdateDocument,
  type ActivityCreateInput,
  type ActivityFieldsFragment,
  type ActivityUpdateInput,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { waitForJobState } from "../harness/jobs";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

const REP = ["sfa.activities.read", "sfa.activities.write", "contacts.read", "accounts.read", "interactions.read"];
const HOUR_MS = 3_600_000;

/** A whole-minute time `days` from today at `hour`:`minute` UTC, as the API takes it. */
function at(days: number, hour: number, minute = 0): string {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour, minute)).toISOString();
}

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const rowIdOf = (globalId: string) => fromGlobalId(globalId).rowId;
const byFieldAndCode = (errors: { field?: string[] | null; code: string }[]) => errors.map(({ field, code }) => ({ field, code }));

describe("sfa: the rep calendar", () => {
  let app: TestApp;
  let acme: Customers;
  let globex: Customers;
  let rep: GraphQLClient;
  let repId: string;
  let colleague: GraphQLClient;
  let colleagueId: string;
  let reminders: Queue;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], workers: true, env: { PUBLIC_URL: "https://crm.example.test/" } });
    acme = new Customers(app, "1");
    globex = new Customers(app, "2");
    repId = (await acme.user({ name: "Rita Rep" })).id;
    colleagueId = (await acme.user({ name: "Colin Colleague" })).id;
    rep = app.client.as(tokenFor({ tenantId: "1", id: repId, permissions: REP }));
    colleague = app.client.as(tokenFor({ tenantId: "1", id: colleagueId, permissions: REP }));
    reminders = app.services.queues.get("sfa.reminders");
  });
  afterAll(() => app.stop());

  async function create(input: Partial<ActivityCreateInput>, client = rep) {
    const variables = { input: { kind: "TASK" as const, subject: "Follow up", dueAt: at(1, 9), ...input } };
    return (await client.data(ActivityCreateDocument, variables)).activityCreate;
  }

  async function created(input: Partial<ActivityCreateInput>, client = rep): Promise<ActivityFieldsFragment> {
    const payload = await create(input, client);
    expect(payload.userErrors).toEqual([]);
    return payload.activity!;
  }

  async function update(input: ActivityUpdateInput, client = rep) {
    return (await client.data(ActivityUpdateDocument, { input })).activityUpdate;
  }

  const count = async (sql: string, parameters: unknown[] = []) => Number((await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${sql}`, parameters))[0]!.n);

  async function reminderEvents(activityId: string): Promise<Record<string, unknown>[]> {
    const rows = await app.query<{ payload: string | object }>(
      "SELECT payload FROM outbox_event WHERE type = 'sfa.activity.reminderDue.v1' AND JSON_VALUE(payload, '$.activityId') = ?",
      [rowIdOf(activityId)],
    );
    return rows.map(({ payload }) => (typeof payload === "string" ? JSON.parse(payload) : payload) as Record<string, unknown>);
  }

  async function reminderSentAt(activityId: string): Promise<Date | null> {
    const [row] = await app.query<{ reminder_sent_at: Date | null }>("SELECT reminder_sent_at FROM activity WHERE id = ?", [rowIdOf(activityId)]);
    return row!.reminder_sent_at;
  }

  const jobIdOf = (activityId: string, remindAt: string, tenantId = "1") => `reminder-${tenantId}-${rowIdOf(activityId)}-${new Date(remindAt).getTime()}`;

  describe("planning", () => {
    it("creates a meeting with participants, a related record and a reminder", async () => {
      const anna = await acme.contact({ firstName: "Anna" });
      const company = await acme.account({ name: "Acme Corp" });
      const activity = await created({
        kind: "MEETING",
        subject: "  Quarterly review ",
        notes: "Bring the numbers",
        dueAt: at(2, 10),
        endsAt: at(2, 11),
        location: "Acme HQ",
        relatedToId: gid.account(company),
        contactIds: [gid.contact(anna)],
        accountIds: [gid.account(company)],
        remindAt: at(2, 9, 45),
      });
      expect(activity).toMatchObject({
        kind: "MEETING",
        subject: "Quarterly review",
        notes: "Bring the numbers",
        status: "OPEN",
        dueAt: at(2, 10),
        endsAt: at(2, 11),
        allDay: false,
        location: "Acme HQ",
        remindAt: at(2, 9, 45),
        reminderSentAt: null,
        completedAt: null,
        owner: { id: gid.user({ id: repId }), name: "Rita Rep" },
        relatedTo: { __typename: "Account", id: gid.account(company) },
        participants: { contacts: [{ id: gid.contact(anna), firstName: "Anna" }], accounts: [{ id: gid.account(company), name: "Acme Corp" }] },
        series: null,
      });
      // The node is reachable by id, and its reminder waits as a delayed job.
      const { node } = await rep.data(ActivityNodeDocument, { id: activity.id });
      expect(nodeOf(node, "Activity").subject).toBe("Quarterly review");
      expect(await reminders.getJobState(jobIdOf(activity.id, at(2, 9, 45)))).toBe("delayed");
    });

    it("refuses bad input with userErrors on the field at fault, and writes nothing", async () => {
      const stranger = await globex.contact({ firstName: "Stranger" });
      const before = await count("activity");
      const cases: [Partial<ActivityCreateInput>, { field: string[]; code: string }[]][] = [
        [{ kind: "MEETING", dueAt: at(1, 10), endsAt: at(1, 9) }, [{ field: ["input", "endsAt"], code: "INVALID" }]],
        [{ kind: "TASK", endsAt: at(1, 10) }, [{ field: ["input", "endsAt"], code: "INVALID" }]],
        [{ subject: "   " }, [{ field: ["input", "subject"], code: "REQUIRED" }]],
        [{ remindAt: at(-1, 9) }, [{ field: ["input", "remindAt"], code: "INVALID" }]],
        [{ recurrence: "FREQ=HOURLY" }, [{ field: ["input", "recurrence"], code: "INVALID" }]],
        [{ recurrence: "FREQ=WEEKLY;COUNT=abc" }, [{ field: ["input", "recurrence"], code: "INVALID" }]],
        [{ recurrence: "every monday" }, [{ field: ["input", "recurrence"], code: "INVALID" }]],
        [{ recurrence: "FREQ=YEARLY;BYMONTH=13" }, [{ field: ["input", "recurrence"], code: "INVALID" }]],
        [{ recurrence: "FREQ=DAILY", timeZone: "Mars/Olympus" }, [{ field: ["input", "timeZone"], code: "INVALID" }]],
        [{ relatedToId: toGlobalId("Contact", "999999") }, [{ field: ["input", "relatedToId"], code: "NOT_FOUND" }]],
        [{ relatedToId: "not-an-id" }, [{ field: ["input", "relatedToId"], code: "INVALID" }]],
        [{ relatedToId: gid.contact(stranger) }, [{ field: ["input", "relatedToId"], code: "NOT_FOUND" }]],
        [{ contactIds: [gid.contact(stranger)] }, [{ field: ["input", "contactIds", "0"], code: "NOT_FOUND" }]],
        [{ accountIds: [gid.contact(stranger)] }, [{ field: ["input", "accountIds", "0"], code: "INVALID" }]],
        [{ ownerId: toGlobalId("User", "999999") }, [{ field: ["input", "ownerId"], code: "NOT_FOUND" }]],
      ];
      for (const [input, expected] of cases) {
        const payload = await create(input);
        expect({ input, errors: byFieldAndCode(payload.userErrors) }).toEqual({ input, errors: expected });
        expect(payload.activity).toBeNull();
      }
      expect(await count("activity")).toBe(before);
    });

    it("changes an open activity: moving it moves its end and reminder, a new reminder resets the sent mark", async () => {
      const bob = await acme.contact({ firstName: "Bob" });
      const carl = await acme.contact({ firstName: "Carl" });
      const activity = await created({ kind: "CALL", dueAt: at(3, 14), endsAt: at(3, 14, 30), remindAt: at(3, 13, 50), contactIds: [gid.contact(bob)], relatedToId: gid.contact(bob) });
      await app.query("UPDATE activity SET reminder_sent_at = NOW(3) WHERE id = ?", [rowIdOf(activity.id)]);

      const moved = await update({ id: activity.id, dueAt: at(4, 16), subject: "Call back Bob", contactIds: [gid.contact(carl)], relatedToId: null });
      expect(moved.userErrors).toEqual([]);
      expect(moved.activity).toMatchObject({
        subject: "Call back Bob",
        dueAt: at(4, 16),
        endsAt: at(4, 16, 30),
        remindAt: at(4, 15, 50),
        reminderSentAt: null,
        relatedTo: null,
        participants: { contacts: [{ firstName: "Carl" }] },
      });
      expect(await reminders.getJobState(jobIdOf(activity.id, at(4, 15, 50)))).toBe("delayed");

      const bad = await update({ id: activity.id, endsAt: at(4, 15) });
      expect(byFieldAndCode(bad.userErrors)).toEqual([{ field: ["input", "endsAt"], code: "INVALID" }]);
      expect(byFieldAndCode((await update({ id: toGlobalId("Activity", "999999"), subject: "x" })).userErrors)).toEqual([{ field: ["input", "id"], code: "NOT_FOUND" }]);
      expect(byFieldAndCode((await update({ id: activity.id, dueAt: null })).userErrors)).toEqual([{ field: ["input", "dueAt"], code: "REQUIRED" }]);

      const cancelled = await rep.data(ActivityCancelDocument, { input: { id: activity.id } });
      expect(cancelled.activityCancel).toEqual({ activity: { id: activity.id, status: "CANCELLED" }, userErrors: [] });
      expect(byFieldAndCode((await update({ id: activity.id, subject: "again" })).userErrors)).toEqual([{ field: ["input", "id"], code: "CONFLICT" }]);
    });

    it("lists activities in due order with filters and keyset pages", async () => {
      const deal = await acme.account({ name: "Filter Corp" });
      const first = await created({ kind: "CALL", subject: "F1", dueAt: at(20, 9), relatedToId: gid.account(deal) }, colleague);
      const second = await created({ kind: "MEETING", subject: "F2", dueAt: at(20, 10) }, colleague);
      const third = await created({ kind: "CALL", subject: "F3", dueAt: at(21, 9), relatedToId: gid.account(deal) }, colleague);
      await created({ kind: "CALL", subject: "F4", dueAt: at(40, 9) }, colleague);
      const filter = { ownerId: gid.user({ id: colleagueId }), from: at(20, 0), to: at(22, 0) };

      const page1 = (await rep.data(ActivitiesDocument, { filter, first: 2 })).activities;
      expect(page1.nodes.map((a) => a.subject)).toEqual(["F1", "F2"]);
      expect(page1.totalCount).toBe(3);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await rep.data(ActivitiesDocument, { filter, first: 2, after: page1.pageInfo.endCursor })).activities;
      expect(page2.nodes.map((a) => a.id)).toEqual([third.id]);
      expect(page2.pageInfo.hasNextPage).toBe(false);

      const calls = (await rep.data(ActivitiesDocument, { filter: { ...filter, kinds: ["CALL"], relatedToId: gid.account(deal) } })).activities;
      expect(calls.nodes.map((a) => a.id)).toEqual([first.id, third.id]);
      const meetings = (await rep.data(ActivitiesDocument, { filter: { ...filter, kinds: ["MEETING"], status: "OPEN" } })).activities;
      expect(meetings.nodes.map((a) => a.id)).toEqual([second.id]);
      const bad = await rep.request(ActivitiesDocument, { filter: { from: at(5, 0), to: at(4, 0) } });
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    });

    it("lists a contact's and a page of accounts' activities, batched", async () => {
      const dora = await acme.contact({ firstName: "Dora" });
      const accounts = [await acme.account({ name: "AAA Batch 1" }), await acme.account({ name: "AAA Batch 2" })];
      const later = await created({ subject: "Later", dueAt: at(6, 9), contactIds: [gid.contact(dora)], accountIds: accounts.map(gid.account) });
      const sooner = await created({ subject: "Sooner", dueAt: at(5, 9), contactIds: [gid.contact(dora)], accountIds: [gid.account(accounts[0]!)] });
      const { node } = await rep.data(ContactActivitiesDocument, { id: gid.contact(dora), first: 10 });
      expect(nodeOf(node, "Contact").activities!.nodes.map((a) => a.id)).toEqual([sooner.id, later.id]);

      const list = (await rep.data(AccountsWithActivitiesDocument, { first: 2 })).accounts.nodes;
      expect(list.map((account) => account.activities!.nodes.map((a) => a.subject))).toEqual([["Sooner", "Later"], ["Later"]]);
      const statements = async (accounts: number): Promise<number> => {
        const response = await rep.request(
          `{ accounts(first: ${accounts}) { nodes { activities(first: 5) { nodes { subject owner { id } participants { contacts { id } accounts { id } } } } } } }`,
        );
        expect(response.errors).toBeUndefined();
        return Number(response.headers.get("x-sql-statements"));
      };
      expect(await statements(2)).toBe(await statements(1));
    });

    it("needs the write permission to plan", async () => {
      const reader = app.client.as(tokenFor({ tenantId: "1", id: repId, permissions: ["sfa.activities.read"] }));
      const response = await reader.request(ActivityCreateDocument, { input: { kind: "TASK", subject: "x", dueAt: at(1, 9) } });
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("reminders", () => {
    it("fire as a delayed job: the reminder is marked sent and the event is in the outbox", async () => {
      const remindAt = inMs(1_500);
      const activity = await created({ subject: "Send the proposal", dueAt: at(1, 17), remindAt });
      const job = await waitForJobState(reminders, jobIdOf(activity.id, remindAt), ["completed"]);
      expect(job.returnvalue).toBe(true);
      const sentAt = await reminderSentAt(activity.id);
      expect(sentAt!.getTime()).toBeGreaterThanOrEqual(new Date(remindAt).getTime());
      expect(await reminderEvents(activity.id)).toEqual([
        { activityId: rowIdOf(activity.id), ownerId: repId, kind: "TASK", subject: "Send the proposal", dueAt: at(1, 17) },
      ]);
      const { node } = await rep.data(ActivityNodeDocument, { id: activity.id });
      expect(nodeOf(node, "Activity").reminderSentAt).toBe(sentAt!.toISOString());
    });

    it("fire once when rescheduled: the job of the old time finds the mismatch and does nothing", async () => {
      const first = inMs(2_000);
      const activity = await created({ kind: "CALL", subject: "Rescheduled", dueAt: at(1, 18), remindAt: first });
      const second = inMs(4_000);
      expect((await update({ id: activity.id, remindAt: second })).userErrors).toEqual([]);
      expect((await waitForJobState(reminders, jobIdOf(activity.id, first), ["completed"])).returnvalue).toBe(false);
      expect((await waitForJobState(reminders, jobIdOf(activity.id, second), ["completed"])).returnvalue).toBe(true);
      expect(await reminderEvents(activity.id)).toHaveLength(1);
      // Changing something else re-adds nothing: the reminder went out.
      expect((await update({ id: activity.id, subject: "Rescheduled twice" })).userErrors).toEqual([]);
      await app.settle();
      expect(await reminderEvents(activity.id)).toHaveLength(1);
    });

    it("fire when moved away and back to a time whose old job already ran", async () => {
      const back = inMs(1_000);
      const activity = await created({ subject: "Back and forth", dueAt: at(1, 19), remindAt: back });
      expect((await update({ id: activity.id, remindAt: inMs(600_000) })).userErrors).toEqual([]);
      expect((await waitForJobState(reminders, jobIdOf(activity.id, back), ["completed"])).returnvalue).toBe(false);
      expect((await update({ id: activity.id, remindAt: back })).userErrors).toEqual([]);
      await waitFor("the reminder to go out", () => reminderSentAt(activity.id), { until: (sent) => sent !== null });
      expect(await reminderEvents(activity.id)).toHaveLength(1);
    });

    it("do not fire for a cancelled activity", async () => {
      const remindAt = inMs(3_000);
      const activity = await created({ subject: "Never mind", remindAt });
      await rep.data(ActivityCancelDocument, { input: { id: activity.id } });
      expect((await waitForJobState(reminders, jobIdOf(activity.id, remindAt), ["completed"])).returnvalue).toBe(false);
      expect(await reminderSentAt(activity.id)).toBeNull();
      expect(await reminderEvents(activity.id)).toEqual([]);
    });

    it("are queued by the sweep when their job was lost (Redis down at commit, or emptied)", async () => {
      const remindAt = inMs(4_000);
      const activity = await created({ subject: "Lost job", remindAt });
      await reminders.remove(jobIdOf(activity.id, remindAt));
      expect(await reminders.getJob(jobIdOf(activity.id, remindAt))).toBeUndefined();

      await app.services.queues.enqueue(reminderSweepJob, {}, { jobId: "sweep-lost-job" });
      const sweep = await waitForJobState(reminders, "sweep-lost-job", ["completed"]);
      expect(sweep.returnvalue).toBeGreaterThanOrEqual(1);
      await waitFor("the swept reminder to go out", () => reminderSentAt(activity.id), { until: (sent) => sent !== null });
      expect(await reminderEvents(activity.id)).toHaveLength(1);
    });

    it("are left by the sweep while the tenant has sfa switched off, and queued once it is back", async () => {
      const userId = (await new Customers(app, "4").user({ name: "Oona Off" })).id;
      const owner = app.client.as(tokenFor({ tenantId: "4", id: userId, permissions: REP }));
      const remindAt = inMs(60_000);
      const activity = await created({ subject: "Paused reminder", remindAt }, owner);
      const jobId = jobIdOf(activity.id, remindAt, "4");
      expect(await reminders.remove(jobId)).toBe(1);
      const sales = (enabled: boolean) => app.client.as(tokenFor({ tenantId: "4", admin: true })).data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled } });
      const sweep = async (id: string) => {
        await app.services.queues.enqueue(reminderSweepJob, {}, { jobId: id });
        await waitForJobState(reminders, id, ["completed"]);
      };

      await sales(false);
      try {
        await sweep("sweep-sfa-off");
        expect(await reminders.getJob(jobId)).toBeUndefined();
      } finally {
        await sales(true);
      }
      await sweep("sweep-sfa-back");
      expect(await reminders.getJobState(jobId)).toBe("delayed");
    });
  });

  describe("recurring activities", () => {
    /** The first Monday of March next year at 09:00 in Paris: ten weeks from it cross the change to summer time. */
    function firstMondayOfMarch(): Date {
      const year = new Date().getUTCFullYear() + 1;
      const day = [1, 2, 3, 4, 5, 6, 7].find((d) => new Date(Date.UTC(year, 2, d)).getUTCDay() === 1)!;
      return new Date(Date.UTC(year, 2, day, 8, 0));
    }
    const parisWallClock = (iso: string) =>
      new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));

    it("materialises a weekly series on the zone's wall clock, each occurrence with its participants and reminder", async () => {
      const erin = await acme.contact({ firstName: "Erin" });
      const start = firstMondayOfMarch();
      const activity = await created({
        kind: "MEETING",
        subject: "Weekly pipeline review",
        dueAt: start.toISOString(),
        endsAt: new Date(start.getTime() + HOUR_MS).toISOString(),
        remindAt: new Date(start.getTime() - 15 * 60_000).toISOString(),
        contactIds: [gid.contact(erin)],
        recurrence: "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10",
        timeZone: "Europe/Paris",
      });
      expect(activity.series).toMatchObject({ recurrence: "FREQ=WEEKLY;BYDAY=MO;COUNT=10", timeZone: "Europe/Paris", complete: true, cancelledAt: null });
      expect(activity.dueAt).toBe(start.toISOString());

      const occurrences = (await rep.data(ActivitiesDocument, { filter: { seriesId: activity.series!.id }, first: 20 })).activities.nodes;
      expect(occurrences).toHaveLength(10);
      expect(new Set(occurrences.map((o) => parisWallClock(o.dueAt)))).toEqual(new Set(["Mon 09:00"]));
      // Summer time started in between: the same wall-clock time is an hour earlier in UTC.
      expect(new Set(occurrences.map((o) => new Date(o.dueAt).getUTCHours()))).toEqual(new Set([8, 7]));
      for (const occurrence of occurrences) expect(new Date(occurrence.dueAt).getTime() - new Date(occurrence.remindAt!).getTime()).toBe(15 * 60_000);
      expect(await count("activity_participant WHERE contact_id = ?", [erin.id])).toBe(10);
      expect(await reminders.getJobState(jobIdOf(occurrences[9]!.id, occurrences[9]!.remindAt!))).toBe("delayed");
    });

    it("keeps an open-ended series filled: at most 100 open occurrences ahead, topped up by the daily job", async () => {
      const activity = await created({ subject: "Daily stand-up", dueAt: at(1, 8), recurrence: "FREQ=DAILY" });
      const seriesId = activity.series!.id;
      expect(activity.series!.complete).toBe(false);
      const rows = () => count("activity WHERE series_id = ?", [rowIdOf(seriesId)]);
      expect(await rows()).toBe(100);

      const page = (await rep.data(ActivitiesDocument, { filter: { seriesId }, first: 3 })).activities.nodes;
      for (const occurrence of page) await rep.data(ActivityCancelDocument, { input: { id: occurrence.id } });
      await app.services.queues.enqueue(activitySeriesExtendJob, {}, { jobId: "extend-daily" });
      await waitForJobState(app.services.queues.get("sfa.recurrence"), "extend-daily", ["completed"]);
      expect(await rows()).toBe(103);
      const [latest] = await app.query<{ due_at: Date }>("SELECT MAX(due_at) AS due_at FROM activity WHERE series_id = ?", [rowIdOf(seriesId)]);
      expect(latest!.due_at.toISOString()).toBe(at(103, 8));
    });

    it("ends an open-ended series whose occurrences all went with an erased contact", async () => {
      const gus = await acme.contact({ firstName: "Gus" });
      const activity = await created({ kind: "CALL", subject: "Weekly call with Gus", dueAt: at(1, 10), contactIds: [gid.contact(gus)], recurrence: "FREQ=WEEKLY" });
      const seriesId = rowIdOf(activity.series!.id);
      expect(await count("activity WHERE series_id = ?", [seriesId])).toBeGreaterThan(0);
      // Gus was the only participant: his erasure takes every occurrence with it.
      await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) => erasePerson(uow, app.services.modules, app.services.files, gus.id));
      expect(await count("activity WHERE series_id = ?", [seriesId])).toBe(0);

      await app.services.queues.enqueue(activitySeriesExtendJob, {}, { jobId: "extend-erased" });
      await waitForJobState(app.services.queues.get("sfa.recurrence"), "extend-erased", ["completed"]);
      expect(await app.query("SELECT complete FROM activity_series WHERE id = ?", [seriesId])).toEqual([{ complete: 1 }]);
      expect(await count("activity WHERE series_id = ?", [seriesId])).toBe(0);
    });

    it("cancels this and following occurrences, then the whole series", async () => {
      const activity = await created({ subject: "Monthly report", dueAt: at(2, 9), recurrence: "FREQ=WEEKLY;COUNT=6" });
      const seriesId = activity.series!.id;
      const following = await rep.data(ActivitySeriesCancelDocument, { input: { id: seriesId, from: at(2 + 7 * 3, 0) } });
      expect(following.activitySeriesCancel).toMatchObject({ cancelledCount: 3, userErrors: [] });
      const rest = await rep.data(ActivitySeriesCancelDocument, { input: { id: seriesId } });
      expect(rest.activitySeriesCancel).toMatchObject({ cancelledCount: 3, userErrors: [], series: { id: seriesId } });
      expect(rest.activitySeriesCancel.series!.cancelledAt).not.toBeNull();
      expect(await count("activity WHERE series_id = ? AND status = 'CANCELLED'", [rowIdOf(seriesId)])).toBe(6);

      const unknown = await rep.data(ActivitySeriesCancelDocument, { input: { id: toGlobalId("ActivitySeries", "999999") } });
      expect(byFieldAndCode(unknown.activitySeriesCancel.userErrors)).toEqual([{ field: ["input", "id"], code: "NOT_FOUND" }]);
    });
  });

  describe("completion", () => {
    it("puts a completed call on its participants' timelines", async () => {
      const fiona = await acme.contact({ firstName: "Fiona" });
      const company = await acme.account({ name: "Fiona Corp" });
      const call = await created({ kind: "CALL", subject: "Discovery call", notes: "Budget approved", dueAt: inMs(-HOUR_MS), contactIds: [gid.contact(fiona)], relatedToId: gid.account(company) });
      const done = (await rep.data(ActivityCompleteDocument, { input: { id: call.id, outcome: "answered" } })).activityComplete;
      expect(done.userErrors).toEqual([]);
      expect(done.activity).toMatchObject({ status: "COMPLETED", outcome: "answered" });
      expect(done.activity!.completedAt).not.toBeNull();

      const { node } = await rep.data(ContactTimelineDetailsDocument, { id: gid.contact(fiona), first: 5 });
      expect(nodeOf(node, "Contact").timeline!.nodes).toEqual([
        expect.objectContaining({
          channel: "PHONE",
          direction: "OUTBOUND",
          occurredAt: call.dueAt,
          subject: "Discovery call",
          body: "Budget approved",
          outcome: "answered",
          sourceModule: "sfa",
          sourceType: "Activity",
          sourceId: call.id,
          user: { id: gid.user({ id: repId }), name: "Rita Rep" },
          participants: [
            { role: null, contact: { id: gid.contact(fiona), firstName: "Fiona" }, account: null },
            { role: null, contact: null, account: { id: gid.account(company), name: "Fiona Corp" } },
          ],
        }),
      ]);
      const again = (await rep.data(ActivityCompleteDocument, { input: { id: call.id } })).activityComplete;
      expect(byFieldAndCode(again.userErrors)).toEqual([{ field: ["input", "id"], code: "CONFLICT" }]);
    });

    it("records a meeting completed ahead of time as happening now, and a task not at all", async () => {
      const gus = await acme.contact({ firstName: "Gus" });
      const meeting = await created({ kind: "MEETING", subject: "Lunch", dueAt: at(3, 12), relatedToId: gid.contact(gus) });
      const before = Date.now();
      await rep.data(ActivityCompleteDocument, { input: { id: meeting.id, outcome: "held", direction: "INBOUND" } });
      const [interaction] = await app.query<{ channel: string; direction: string; occurred_at: Date }>(
        "SELECT channel, direction, occurred_at FROM interaction WHERE source_id = ?",
        [meeting.id],
      );
      expect(interaction).toMatchObject({ channel: "IN_PERSON", direction: "INBOUND" });
      expect(interaction!.occurred_at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(await count("interaction_participant WHERE contact_id = ?", [gus.id])).toBe(1);

      const task = await created({ kind: "TASK", subject: "Write minutes", contactIds: [gid.contact(gus)] });
      expect((await rep.data(ActivityCompleteDocument, { input: { id: task.id } })).activityComplete.userErrors).toEqual([]);
      expect(await count("interaction WHERE source_id = ?", [task.id])).toBe(0);
    });
  });

  describe("tenant isolation", () => {
    it("keeps one tenant's activities out of another's reach", async () => {
      const mine = await created({ subject: "Tenant 1 only" });
      const outsider = app.client.as(tokenFor({ tenantId: "2", id: "1", permissions: REP }));
      expect((await outsider.data(ActivityNodeDocument, { id: mine.id })).node).toBeNull();
      expect((await outsider.data(ActivitiesDocument, {})).activities.totalCount).toBe(0);
      expect(byFieldAndCode((await update({ id: mine.id, subject: "hijack" }, outsider)).userErrors)).toEqual([{ field: ["input", "id"], code: "NOT_FOUND" }]);
      const completed = (await outsider.data(ActivityCompleteDocument, { input: { id: mine.id } })).activityComplete;
      expect(byFieldAndCode(completed.userErrors)).toEqual([{ field: ["input", "id"], code: "NOT_FOUND" }]);
      const related = await create({ relatedToId: mine.id }, outsider);
      expect(byFieldAndCode(related.userErrors)).toEqual([{ field: ["input", "relatedToId"], code: "NOT_FOUND" }]);
    });
  });

  describe("the iCalendar feed", () => {
    /** The feed at the path of the URL handed out: the test's server listens on a port of its own. */
    async function fetchFeed(url: string): Promise<Response> {
      return fetch(`${app.url}${new URL(url, app.config.PUBLIC_URL).pathname}`);
    }

    async function newFeed(client: GraphQLClient): Promise<string> {
      const payload = (await client.data(CalendarFeedCreateDocument)).calendarFeedCreate;
      expect(payload.userErrors).toEqual([]);
      expect(payload.url).toMatch(/^https:\/\/crm\.example\.test\/sfa\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      return payload.url!;
    }

    it("serves the owner's open and recent activities as events with stable UIDs, times and alarms", async () => {
      const ownerId = (await acme.user({ name: "Fay Feed" })).id;
      const owner = app.client.as(tokenFor({ tenantId: "1", id: ownerId, permissions: REP }));
      const meeting = await created(
        { kind: "MEETING", subject: "Demo, with; commas", notes: "Line one\nLine two", location: "Room 1", dueAt: at(2, 14), endsAt: at(2, 15), remindAt: at(2, 13, 30) },
        owner,
      );
      const task = await created({ kind: "TASK", subject: "Send contract", dueAt: at(3, 9) }, owner);
      const allDay = await created({ kind: "TASK", subject: "Trade fair", dueAt: at(4, 0), allDay: true }, owner);
      const call = await created({ kind: "CALL", subject: "Old call", dueAt: at(-3, 9), endsAt: at(-3, 9, 20) }, owner);
      await owner.data(ActivityCompleteDocument, { input: { id: call.id, outcome: "voicemail" } });
      const cancelled = await created({ subject: "Dropped" }, owner);
      await owner.data(ActivityCancelDocument, { input: { id: cancelled.id } });
      await created({ subject: "Long ago", dueAt: at(-40, 9) }, owner);
      await created({ kind: "MEETING", subject: "Someone else's", dueAt: at(2, 14) }, colleague);

      const url = await newFeed(owner);
      const response = await fetchFeed(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      const parsed = ical.sync.parseICS(await response.text());
      const events = Object.values(parsed).filter((item): item is ical.VEvent => item?.type === "VEVENT");
      const uid = (activity: { id: string }) => `${activity.id}@sfa.crm`;
      expect(events.map((event) => event.uid).sort()).toEqual([meeting, task, allDay, call].map(uid).sort());

      const byUid = new Map(events.map((event) => [event.uid, event]));
      const demo = byUid.get(uid(meeting))!;
      expect(demo).toMatchObject({ summary: "Demo, with; commas", description: "Line one\nLine two", location: "Room 1", categories: ["MEETING"] });
      expect(demo.start.toISOString()).toBe(at(2, 14));
      expect(demo.end?.toISOString()).toBe(at(2, 15));
      expect(demo.lastmodified).toBeInstanceOf(Date);
      expect(demo.alarms?.map((alarm) => [alarm.action, (alarm.trigger as unknown as { val: string }).val])).toEqual([
        ["DISPLAY", at(2, 13, 30).replace(/[-:]|\.\d{3}/g, "")],
      ]);
      const contract = byUid.get(uid(task))!;
      expect(contract.start.toISOString()).toBe(at(3, 9));
      expect(contract.datetype).toBe("date-time");
      expect(contract.alarms ?? []).toEqual([]);
      expect(byUid.get(uid(allDay))!.datetype).toBe("date");
      expect(byUid.get(uid(call))!.summary).toBe("✓ Old call");

      // The feed is read again as it is: same UIDs after a change.
      await update({ id: task.id, subject: "Send signed contract" }, owner);
      const again = ical.sync.parseICS(await (await fetchFeed(url)).text());
      expect((again[uid(task)] as ical.VEvent).summary).toBe("Send signed contract");
    });

    it("replaces the URL when made again, and stops it when revoked; unknown tokens are 404", async () => {
      const ownerId = (await acme.user({ name: "Hal Hash" })).id;
      const owner = app.client.as(tokenFor({ tenantId: "1", id: ownerId, permissions: REP }));
      const first = await newFeed(owner);
      expect((await fetchFeed(first)).status).toBe(200);
      const second = await newFeed(owner);
      expect((await fetchFeed(first)).status).toBe(404);
      expect((await fetchFeed(second)).status).toBe(200);
      // Only a hash of the token is stored.
      const [row] = await app.query<{ token_hash: string }>("SELECT token_hash FROM calendar_feed WHERE user_id = ?", [ownerId]);
      expect(second).not.toContain(row!.token_hash);
      expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);

      expect((await owner.data(CalendarFeedRevokeDocument)).calendarFeedRevoke).toEqual({ revoked: true, userErrors: [] });
      expect((await fetchFeed(second)).status).toBe(404);
      expect((await owner.data(CalendarFeedRevokeDocument)).calendarFeedRevoke.revoked).toBe(false);
      for (const path of [`/sfa/calendar/${"A".repeat(43)}.ics`, "/sfa/calendar/nothing", "/sfa/calendar/.ics"]) expect((await fetchFeed(path)).status).toBe(404);
    });

    it("answers 404 for a disabled user, and serves again once they are enabled", async () => {
      const ownerId = (await acme.user({ name: "Dee Disabled" })).id;
      const owner = app.client.as(tokenFor({ tenantId: "1", id: ownerId, permissions: REP }));
      await created({ subject: "Dee's task" }, owner);
      const url = await newFeed(owner);
      expect((await fetchFeed(url)).status).toBe(200);
      const admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
      const setStatus = async (status: "ACTIVE" | "DISABLED") =>
        expect((await admin.data(UserUpdateDocument, { input: { id: gid.user({ id: ownerId }), status } })).userUpdate.userErrors).toEqual([]);
      await setStatus("DISABLED");
      expect((await fetchFeed(url)).status).toBe(404);
      await setStatus("ACTIVE");
      expect((await fetchFeed(url)).status).toBe(200);
    });

    it("answers 404 while the tenant has sfa switched off", async () => {
      const tenant = new Customers(app, "3");
      const userId = (await tenant.user({ name: "Ian Island" })).id;
      const owner = app.client.as(tokenFor({ tenantId: "3", id: userId, permissions: REP }));
      await created({ subject: "Tenant 3 task" }, owner);
      const url = await newFeed(owner);
      const admin = app.client.as(tokenFor({ tenantId: "3", admin: true }));
      expect((await fetchFeed(url)).status).toBe(200);

      await admin.data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled: false } });
      expect((await fetchFeed(url)).status).toBe(404);
      const refused = await owner.request(ActivitiesDocument, {});
      expect(refused.errors?.[0]?.extensions?.code).toBe("MODULE_DISABLED");

      await admin.data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled: true } });
      expect((await fetchFeed(url)).status).toBe(200);
    });
  });

  it("leaves no failed reminder or series job behind", async () => {
    await app.settle();
    for (const queue of [reminders, app.services.queues.get("sfa.recurrence")]) {
      expect((await queue.getJobs(["failed"])).map((job) => [job.id, job.failedReason])).toEqual([]);
    }
  });
});
