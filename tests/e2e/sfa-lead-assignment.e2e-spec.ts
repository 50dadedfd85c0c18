import type { Job } from "bullmq";
import { fromGlobalId } from "../../core/graphql/relay/global-id";
import { UserStatus, type User } from "../../core/identity/identity.entities";
import { sfaModule } from "../../modules/sfa";
import {
  LeadAssignDocument,
  LeadAssignmentRuleCreateDocument,
  LeadAssignmentRuleDeleteDocument,
  LeadAssignmentRuleUpdateDocument,
  LeadAssignmentRulesDocument,
  LeadCreateDocument,
  LeadDisqualifyDocument,
  LeadNodeDocument,
  LeadUpdateDocument,
  LeadsDocument,
  TenantModuleSwitchDocument,
  type LeadAssignmentRuleCreateInput,
  type LeadCreateInput,
  type LeadFieldsFragment,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { waitForJobState } from "../harness/jobs";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

const SALES = ["sfa.leads.read", "sfa.leads.write"];
/** A response "minute" lasts this long here, so the real delayed jobs fire within the test. */
const MINUTE_MS = 300;

describe("sfa: lead assignment rules and response deadlines", () => {
  let app: TestApp;
  let customers: Customers;
  let manager: User;
  let admin: GraphQLClient;
  let reps: User[];

  beforeAll(async () => {
    process.env.SFA_LEAD_RESPONSE_MINUTE_MS = String(MINUTE_MS);
    process.env.SFA_LEAD_SWEEP_MS = "1000";
    app = await TestApp.start({ modules: [sfaModule], workers: true });
    customers = new Customers(app, "1");
    manager = await customers.user({ name: "Manager" });
    admin = app.client.as(tokenFor({ tenantId: "1", id: manager.id, admin: true }));
    reps = [];
    for (const name of ["Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal"]) reps.push(await customers.user({ name }));
  });
  afterAll(() => app.stop());

  const rep = (name: string): User => reps.find((user) => user.name === name)!;
  const asRep = (name: string) => app.client.as(tokenFor({ tenantId: "1", id: rep(name).id, permissions: SALES }));
  const rowId = (globalId: string) => fromGlobalId(globalId).rowId;

  async function rule(input: Omit<LeadAssignmentRuleCreateInput, "memberIds"> & { members: string[] }) {
    const { members, ...rest } = input;
    const result = (await admin.data(LeadAssignmentRuleCreateDocument, { input: { ...rest, memberIds: members.map((name) => gid.user(rep(name))) } })).leadAssignmentRuleCreate;
    expect(result.userErrors).toEqual([]);
    return result.rule!;
  }

  async function capture(input: Partial<LeadCreateInput>, as = admin): Promise<LeadFieldsFragment> {
    const result = (await as.data(LeadCreateDocument, { input: { lastName: "Lead", email: `lead${Math.random().toString(36).slice(2)}@example.com`, ...input } })).leadCreate;
    expect(result.userErrors).toEqual([]);
    return result.lead!;
  }

  async function ownerName(leadId: string): Promise<string | null> {
    return nodeOf((await admin.data(LeadNodeDocument, { id: leadId })).node, "Lead").owner?.name ?? null;
  }

  async function events(type: string): Promise<Record<string, unknown>[]> {
    const found = await app.query<{ payload: string | object }>("SELECT payload FROM outbox_event WHERE type = ? ORDER BY id", [type]);
    return found.map(({ payload }) => (typeof payload === "string" ? JSON.parse(payload) : payload));
  }

  /** The delayed response check of a lead's current assignment, once a worker has run it. */
  async function responseCheckRan(lead: LeadFieldsFragment): Promise<Job> {
    const jobId = `lead-response-${rowId(lead.id)}-${Date.parse(lead.assignedAt!)}`;
    return waitForJobState(app.services.queues.get("sfa.leads"), jobId, ["completed"]);
  }

  it("hands leads out in turn, one member per turn even when they arrive together", async () => {
    const roundRobin = await rule({ name: "Round robin", strategy: "ROUND_ROBIN", criteria: { regions: ["Benelux"] }, members: ["Ann", "Ben", "Cat"] });
    expect(roundRobin).toMatchObject({ position: 0, active: true, criteria: { regions: ["Benelux"], countries: [], sources: [] }, members: [{ name: "Ann" }, { name: "Ben" }, { name: "Cat" }] });
    const together = await Promise.all(Array.from({ length: 6 }, () => capture({ region: "benelux" })));
    const counts = new Map<string, number>();
    for (const lead of together) counts.set(lead.owner!.name, (counts.get(lead.owner!.name) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ Ann: 2, Ben: 2, Cat: 2 });
    expect(together.every((lead) => lead.assignmentRule?.id === roundRobin.id && lead.respondBy === null)).toBe(true);
    const inTurn: string[] = [];
    for (let i = 0; i < 3; i++) inTurn.push((await capture({ region: "Benelux" })).owner!.name);
    expect(inTurn).toEqual(["Ann", "Ben", "Cat"]);
    const assigned = await events("sfa.lead.assigned.v1");
    expect(assigned.at(-1)).toEqual({ leadId: expect.any(String), ownerId: rep("Cat").id, previousOwnerId: null, ruleId: rowId(roundRobin.id), reason: "RULE" });
  });

  it("routes by territory, then in turn within it; a lead no rule takes stays with whoever typed it in", async () => {
    const dach = await rule({ name: "DACH", strategy: "TERRITORY", criteria: { countries: ["de", "AT"] }, members: ["Dan", "Eve"] });
    await rule({ name: "APAC", strategy: "TERRITORY", criteria: { regions: ["APAC"], sources: ["API"] }, members: ["Fay"] });
    const owners = [];
    for (const country of ["DE", "AT", "DE"]) owners.push((await capture({ country })).owner!.name);
    expect(owners).toEqual(["Dan", "Eve", "Dan"]);
    expect((await capture({ region: "apac" })).owner!.name).toBe("Fay");
    const notApi = await capture({ region: "APAC", source: "OTHER" });
    expect(notApi.owner!.name).toBe("Manager");
    expect(notApi.assignmentRule).toBeNull();
    const refused = (await admin.data(LeadAssignmentRuleCreateDocument, { input: { name: "Nowhere", strategy: "TERRITORY", memberIds: [gid.user(rep("Dan"))] } })).leadAssignmentRuleCreate;
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ["input", "criteria"], code: "REQUIRED" })]);
    const { leadAssignmentRules } = await admin.data(LeadAssignmentRulesDocument);
    expect(leadAssignmentRules.map((r) => [r.name, r.position])).toEqual([["Round robin", 0], ["DACH", 1], ["APAC", 2]]);
    expect(dach.criteria.countries).toEqual(["DE", "AT"]);
  });

  it("gives the lead to the member with the fewest open leads", async () => {
    await rule({ name: "Load", strategy: "LOAD", criteria: { regions: ["Nordics"] }, members: ["Gus", "Hal"] });
    const gusLeads = [await capture({ ownerId: gid.user(rep("Gus")), region: "Nordics" }), await capture({ ownerId: gid.user(rep("Gus")), region: "Nordics" })];
    expect(gusLeads.map((lead) => [lead.owner!.name, lead.assignmentRule])).toEqual([["Gus", null], ["Gus", null]]);
    const owners = [];
    for (let i = 0; i < 3; i++) owners.push((await capture({ region: "Nordics" })).owner!.name);
    // Hal 0 → 1 → 2 open leads against Gus's 2; at 2 each, it is Gus's turn.
    expect(owners).toEqual(["Hal", "Hal", "Gus"]);
    await admin.data(LeadDisqualifyDocument, { input: { id: gusLeads[0]!.id, reason: "Duplicate" } });
    await admin.data(LeadDisqualifyDocument, { input: { id: gusLeads[1]!.id, reason: "Duplicate" } });
    expect((await capture({ region: "Nordics" })).owner!.name).toBe("Gus");
  });

  it("checks a rule's members and lets managers change, reorder and delete rules", async () => {
    const disabled = await customers.user({ name: "Gone", status: UserStatus.DISABLED });
    const stranger = await new Customers(app, "2").user();
    const bad = (await admin.data(LeadAssignmentRuleCreateDocument, {
      input: { name: "Bad", strategy: "ROUND_ROBIN", memberIds: [gid.user(disabled), gid.user(stranger), gid.user(rep("Ann")), gid.user(rep("Ann"))] },
    })).leadAssignmentRuleCreate;
    expect(bad.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "memberIds"], code: "INVALID", message: "A member is listed twice." }),
      expect.objectContaining({ field: ["input", "memberIds", "0"], code: "INVALID" }),
      expect.objectContaining({ field: ["input", "memberIds", "1"], code: "NOT_FOUND" }),
    ]);
    const temporary = await rule({ name: "Temporary", strategy: "ROUND_ROBIN", criteria: { regions: ["Iberia"] }, members: ["Ann"] });
    const moved = (await admin.data(LeadAssignmentRuleUpdateDocument, { input: { id: temporary.id, position: 10, memberIds: [gid.user(rep("Ben"))], responseMinutes: 30 } })).leadAssignmentRuleUpdate;
    expect(moved.rule).toMatchObject({ position: 10, members: [{ name: "Ben" }], responseMinutes: 30 });
    const deleted = (await admin.data(LeadAssignmentRuleDeleteDocument, { input: { id: temporary.id } })).leadAssignmentRuleDelete;
    expect(deleted).toEqual({ deletedId: temporary.id, userErrors: [] });
    expect((await asRep("Ann").request(LeadAssignmentRuleCreateDocument, { input: { name: "Mine", strategy: "LOAD", memberIds: [] } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const foreign = app.client.as(tokenFor({ tenantId: "2", admin: true }));
    expect((await foreign.data(LeadAssignmentRulesDocument)).leadAssignmentRules).toEqual([]);
  });

  it("assigns by hand, or routes again by the rules when no owner is named", async () => {
    const lead = await capture({ region: "Nowhere" });
    expect(lead.owner!.name).toBe("Manager");
    const byHand = (await admin.data(LeadAssignDocument, { input: { id: lead.id, ownerId: gid.user(rep("Eve")) } })).leadAssign;
    expect(byHand.lead).toMatchObject({ owner: { name: "Eve" }, assignmentRule: null, respondBy: null });
    expect((await events("sfa.lead.assigned.v1")).at(-1)).toEqual({ leadId: rowId(lead.id), ownerId: rep("Eve").id, previousOwnerId: manager.id, ruleId: null, reason: "MANUAL" });
    const noRule = (await admin.data(LeadAssignDocument, { input: { id: lead.id } })).leadAssign;
    expect(noRule.userErrors).toEqual([expect.objectContaining({ field: ["input", "ownerId"], code: "NO_MATCHING_RULE" })]);
    await admin.data(LeadUpdateDocument, { input: { id: lead.id, region: "Benelux" } });
    const routed = (await admin.data(LeadAssignDocument, { input: { id: lead.id } })).leadAssign;
    expect(routed.lead).toMatchObject({ owner: { name: "Ann" }, assignmentRule: { name: "Round robin" } });
    const reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["sfa.leads.read"] }));
    expect((await reader.request(LeadAssignDocument, { input: { id: lead.id } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("moves a lead on to the next member when its owner lets the deadline pass, once per member", async () => {
    const relay = await rule({ name: "Relay", strategy: "ROUND_ROBIN", criteria: { regions: ["Relay"] }, members: ["Ann", "Ben"], responseMinutes: 1 });
    const lead = await capture({ region: "Relay" });
    expect(lead.owner!.name).toBe("Ann");
    expect(Date.parse(lead.respondBy!) - Date.parse(lead.assignedAt!)).toBe(MINUTE_MS);
    const first = await responseCheckRan(lead);
    expect(first.returnvalue).toEqual({ outcome: "reassigned" });
    const moved = nodeOf((await admin.data(LeadNodeDocument, { id: lead.id })).node, "Lead");
    expect(moved).toMatchObject({ owner: { name: "Ben" }, assignmentRule: { id: relay.id }, firstActionAt: null });
    expect((await events("sfa.lead.reassigned.v1")).filter((event) => event.leadId === rowId(lead.id))).toEqual([
      { leadId: rowId(lead.id), fromOwnerId: rep("Ann").id, toOwnerId: rep("Ben").id, ruleId: rowId(relay.id), missedDeadline: lead.respondBy },
    ]);
    // Ben lets it lapse too: every member has had it, so Ben keeps it without a deadline.
    const second = await responseCheckRan(moved);
    expect(second.returnvalue).toEqual({ outcome: "kept" });
    expect(nodeOf((await admin.data(LeadNodeDocument, { id: lead.id })).node, "Lead")).toMatchObject({ owner: { name: "Ben" }, respondBy: null });
  });

  it("leaves the lead with an owner who acted in time; a manager's edit is not the owner acting", async () => {
    await rule({ name: "Patient", strategy: "ROUND_ROBIN", criteria: { regions: ["Patient"] }, members: ["Cat", "Dan"], responseMinutes: 2 });
    const acted = await capture({ region: "Patient" });
    const watched = await capture({ region: "Patient" });
    expect([acted.owner!.name, watched.owner!.name]).toEqual(["Cat", "Dan"]);
    const update = (await asRep("Cat").data(LeadUpdateDocument, { input: { id: acted.id, status: "WORKING" } })).leadUpdate;
    expect(update.lead!.firstActionAt).not.toBeNull();
    await admin.data(LeadUpdateDocument, { input: { id: watched.id, title: "CTO" } });
    expect((await responseCheckRan(acted)).returnvalue).toEqual({ outcome: "stale" });
    expect((await responseCheckRan(watched)).returnvalue).toEqual({ outcome: "reassigned" });
    expect(await ownerName(acted.id)).toBe("Cat");
    expect(await ownerName(watched.id)).toBe("Cat");
  });

  it("catches an overdue lead whose delayed job was lost, with the scheduled sweep", async () => {
    const queue = app.services.queues.get("sfa.leads");
    expect(await queue.getJobScheduler("lead-response-sweep")).toMatchObject({ every: 1000 });
    await rule({ name: "Lost", strategy: "ROUND_ROBIN", criteria: { regions: ["Lost"] }, members: ["Eve", "Fay"], responseMinutes: 5 });
    const lead = await capture({ region: "Lost" });
    expect(lead.owner!.name).toBe("Eve");
    // As if Redis had been down when the assignment committed: the delayed job is gone.
    const jobId = `lead-response-${rowId(lead.id)}-${Date.parse(lead.assignedAt!)}`;
    expect(await queue.remove(jobId)).toBe(1);
    // Past its deadline it is listed as overdue; the sweep leaves it a grace of two minutes for its (lost) job.
    const overdue = async () => (await admin.data(LeadsDocument, { filter: { overdue: true } })).leads.nodes.map((l) => l.id);
    await waitFor("the lead to be overdue", overdue, { until: (ids) => ids.includes(lead.id) });
    await waitFor("the sweep to reassign the lead", () => ownerName(lead.id), { until: (name) => name === "Fay", timeoutMs: 20_000 });
    expect((await events("sfa.lead.reassigned.v1")).filter((event) => event.leadId === rowId(lead.id))).toHaveLength(1);
  });

  it("lets the leads of a tenant that switched sales off wait, and sweeps them once sales is back", async () => {
    const queue = app.services.queues.get("sfa.leads");
    await rule({ name: "Paused", strategy: "ROUND_ROBIN", criteria: { regions: ["Paused"] }, members: ["Eve", "Fay"], responseMinutes: 1 });
    const lead = await capture({ region: "Paused" });
    expect(lead.owner!.name).toBe("Eve");
    expect(await queue.remove(`lead-response-${rowId(lead.id)}-${Date.parse(lead.assignedAt!)}`)).toBe(1);
    const sales = (enabled: boolean) => admin.data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled } });
    expect((await sales(false)).tenantModuleSwitch.userErrors).toEqual([]);
    try {
      // Well past the deadline and the sweep's grace, with a sweep every second.
      await new Promise((resolve) => setTimeout(resolve, Date.parse(lead.respondBy!) + 3 * MINUTE_MS - Date.now() + 2_500));
      expect(await app.query("SELECT owner_id FROM sales_lead WHERE id = ?", [rowId(lead.id)])).toEqual([{ owner_id: rep("Eve").id }]);
    } finally {
      await sales(true);
    }
    await waitFor("the sweep to reassign the lead", () => ownerName(lead.id), { until: (name) => name === "Fay", timeoutMs: 20_000 });
  });
});
