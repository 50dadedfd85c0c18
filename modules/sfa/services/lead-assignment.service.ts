import { In } from "typeorm";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { User, UserStatus } from "../../../core/identity/identity.entities";
import type { PlatformServices } from "../../../core/kernel/services";
import { whereModuleOn } from "../../../core/tenancy/tenant-modules.service";
import { LeadAssignmentRule, AssignmentStrategy } from "../entities/lead-assignment-rule.entity";
import { Lead, OPEN_LEAD_STATUSES } from "../entities/lead.entity";
import { scheduleResponseCheck } from "./lead-deadlines";
import { findLead, isOpen } from "./lead-rules";
import { leadSettings } from "./lead-settings";

/** Who gets a lead, and the rule that decided it (null when assigned by hand). */
export interface OwnerChoice {
  ownerId: string;
  rule: LeadAssignmentRule | null;
}

export type AssignmentReason = "RULE" | "MANUAL" | "REASSIGNED";

/** Whether the rule takes the lead: each criterion list given must hold the lead's value. */
export function ruleMatches(rule: LeadAssignmentRule, lead: Pick<Lead, "region" | "country" | "source">): boolean {
  const { regions, countries, sources } = rule.criteria;
  const region = lead.region?.toLowerCase();
  if (regions.length > 0 && !regions.some((candidate) => candidate.toLowerCase() === region)) return false;
  if (countries.length > 0 && !(lead.country && countries.includes(lead.country))) return false;
  return sources.length === 0 || sources.includes(lead.source);
}

function lockRule(scope: TenantScope, id: string): Promise<LeadAssignmentRule | null> {
  return scope.lockById(LeadAssignmentRule, id);
}

/**
 * The rule's active members other than `exclude`, in turn order: starting after the member who
 * got the last lead. The rule is locked by the caller, so its turn cannot move meanwhile.
 */
async function inTurn(scope: TenantScope, rule: LeadAssignmentRule, exclude: string | null): Promise<{ userId: string; index: number }[]> {
  const members = rule.memberIds;
  if (members.length === 0) return [];
  const active = new Set((await scope.findBy(User, { id: In([...members]), status: UserStatus.ACTIVE })).map((user) => user.id));
  const turn: { userId: string; index: number }[] = [];
  for (let step = 1; step <= members.length; step++) {
    const index = (((rule.lastTurn + step) % members.length) + members.length) % members.length;
    const userId = members[index]!;
    if (active.has(userId) && userId !== exclude) turn.push({ userId, index });
  }
  return turn;
}

/**
 * Open leads per member, read with share locks: a plain read would see the transaction's
 * snapshot, which may predate a lead another capture just gave one of them (the rule lock
 * serialised the two, but the snapshot can be older than the lock).
 */
async function openLeadCounts(scope: TenantScope, userIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await scope
    .query(Lead, "l")
    .select("l.ownerId", "ownerId")
    .addSelect("COUNT(*)", "open")
    .andWhere("l.ownerId IN (:...userIds)", { userIds })
    .andWhere("l.status IN (:...openStatuses)", { openStatuses: OPEN_LEAD_STATUSES })
    .groupBy("l.ownerId")
    .setLock("pessimistic_read")
    .getRawMany<{ ownerId: string; open: string | number }>();
  return new Map(rows.map((row) => [String(row.ownerId), Number(row.open)]));
}

/** Picks the rule's next member (not `exclude`) by its strategy and moves its turn there; null if none can take it. */
async function pickMember(scope: TenantScope, rule: LeadAssignmentRule, exclude: string | null): Promise<string | null> {
  const turn = await inTurn(scope, rule, exclude);
  if (turn.length === 0) return null;
  let chosen = turn[0]!;
  if (rule.strategy === AssignmentStrategy.LOAD) {
    const counts = await openLeadCounts(scope, turn.map((member) => member.userId));
    // Fewest open leads; among equals, whoever's turn comes first.
    for (const member of turn) if ((counts.get(member.userId) ?? 0) < (counts.get(chosen.userId) ?? 0)) chosen = member;
  }
  rule.lastTurn = chosen.index;
  // Bookkeeping, not a change anyone edits: a bulk update, which the audit log leaves out.
  await scope.update(LeadAssignmentRule, { id: rule.id }, { lastTurn: chosen.index });
  return chosen.userId;
}

/** The active rules by position, read once per transaction: an import routes its batch's leads in one. */
const activeRules = new WeakMap<UnitOfWork, Promise<LeadAssignmentRule[]>>();

function activeRulesOf(uow: UnitOfWork, whole: TenantScope): Promise<LeadAssignmentRule[]> {
  let rules = activeRules.get(uow);
  if (!rules) {
    rules = whole.query(LeadAssignmentRule, "r").andWhere("r.active = :active", { active: true }).orderBy("r.position").addOrderBy("r.id").getMany();
    activeRules.set(uow, rules);
  }
  return rules;
}

/**
 * Routes a lead by the tenant's rules: the first active rule (by position) that matches it and
 * has a member to give it to. Rules are locked in position order before the lead is touched,
 * the order every routing follows, so concurrent routings wait for each other instead of
 * deadlocking; the locked row is checked again, so a rule changed since the list was read is
 * judged as it is now. `exclude` is the rep who should not get it again.
 */
export async function routeLead(uow: UnitOfWork, lead: Lead, exclude: string | null = null): Promise<OwnerChoice | null> {
  const whole = uow.scope.unrestricted();
  for (const candidate of await activeRulesOf(uow, whole)) {
    if (!ruleMatches(candidate, lead)) continue;
    const rule = await lockRule(whole, candidate.id);
    if (!rule?.active || !ruleMatches(rule, lead)) continue;
    const ownerId = await pickMember(whole, rule, exclude);
    if (ownerId) return { ownerId, rule };
  }
  return null;
}

/** Gives the lead to its new owner; the response deadline runs from now when a rule with one assigned an open lead. */
export function setOwner(lead: Lead, choice: OwnerChoice, now = new Date()): void {
  const minutes = choice.rule?.responseMinutes ?? null;
  lead.ownerId = choice.ownerId;
  lead.assignmentRuleId = choice.rule?.id ?? null;
  lead.assignedAt = now;
  lead.firstActionAt = null;
  lead.respondBy = minutes !== null && isOpen(lead) ? new Date(now.getTime() + minutes * leadSettings().SFA_LEAD_RESPONSE_MINUTE_MS) : null;
}

/** Says who owns the lead now, and arms its response deadline once the transaction commits. */
export async function announceAssignment(uow: UnitOfWork, services: PlatformServices, lead: Lead, previousOwnerId: string | null, reason: AssignmentReason): Promise<void> {
  await uow.emit("sfa.lead.assigned.v1", { leadId: lead.id, ownerId: lead.ownerId!, previousOwnerId, ruleId: lead.assignmentRuleId, reason });
  scheduleResponseCheck(uow, services, lead);
}

export type ResponseCheck = "reassigned" | "kept" | "stale" | "early";

/** Still the assignment the check is about (when it says which), open, untouched by its owner, with a deadline. */
function awaitingResponse(lead: Lead | null, assignedAt: number | undefined): lead is Lead & { respondBy: Date; ownerId: string; assignmentRuleId: string } {
  return (
    lead !== null &&
    isOpen(lead) &&
    lead.firstActionAt === null &&
    lead.respondBy !== null &&
    lead.ownerId !== null &&
    lead.assignmentRuleId !== null &&
    (assignedAt === undefined || lead.assignedAt?.getTime() === assignedAt)
  );
}

/**
 * The response deadline of a lead has passed (if it has): the rule gives it to its next member,
 * not the same rep, with a fresh deadline. Each member gets one chance per routing; once all
 * have let it lapse, the last keeps it without a deadline. Run by the delayed job of an
 * assignment (`assignedAt` says which; a later assignment makes it stale) and by the sweep;
 * both may run for the same lead, and the row lock and the checks make the second a no-op.
 */
export async function reassignIfOverdue(services: PlatformServices, tenantId: string, leadId: string, assignedAt?: number): Promise<ResponseCheck> {
  const work = { tenantId, actor: null, requestId: null, operation: "leadResponseCheck" };
  return services.transactions.run(work, async (uow) => {
    const whole = uow.scope.unrestricted();
    const seen = await whole.findOneBy(Lead, { id: leadId });
    if (!awaitingResponse(seen, assignedAt)) return "stale";
    // Rule first, then the lead: the order routing takes locks in.
    const rule = await lockRule(whole, seen.assignmentRuleId);
    const lead = await findLead(whole, leadId);
    const now = new Date();
    if (!awaitingResponse(lead, assignedAt)) return "stale";
    if (lead.respondBy > now) return "early";
    const { ownerId: fromOwnerId, respondBy: missedDeadline } = lead;
    const everyoneHadIt = !rule || lead.reassignments + 1 >= rule.memberIds.length;
    const next = rule?.active && !everyoneHadIt ? await pickMember(whole, rule, fromOwnerId) : null;
    if (!next || !rule) {
      await whole.save(Object.assign(lead, { respondBy: null }));
      return "kept";
    }
    setOwner(lead, { ownerId: next, rule }, now);
    lead.reassignments += 1;
    await whole.save(lead);
    await announceAssignment(uow, services, lead, fromOwnerId, "REASSIGNED");
    await uow.emit("sfa.lead.reassigned.v1", { leadId: lead.id, fromOwnerId, toOwnerId: next, ruleId: rule.id, missedDeadline: missedDeadline.toISOString() });
    return "reassigned";
  });
}

/** How many overdue leads one sweep handles; the next sweep takes the rest. */
const SWEEP_BATCH = 500;
/** Response minutes a lead must be overdue before the sweep takes it: its delayed job runs at the deadline, and the two should not compete for the locks. */
const SWEEP_GRACE_MINUTES = 2;

/**
 * Leads whose deadline passed while their delayed job was lost (Redis down when it was queued,
 * or a Redis that restarted empty), across tenants: the sweep is system work that finds each
 * lead's tenant first, then handles the lead in that tenant's scope. Tenants that switched sales
 * off are left out, as the kernel leaves out their jobs: their leads wait until sales is back.
 */
export async function sweepOverdueLeads(services: PlatformServices): Promise<number> {
  const overdueSince = new Date(Date.now() - SWEEP_GRACE_MINUTES * leadSettings().SFA_LEAD_RESPONSE_MINUTE_MS);
  const overdue = services.dataSource
    .createQueryBuilder(Lead, "l")
    .select(["l.id", "l.tenantId"])
    .where("l.respondBy <= :overdueSince AND l.firstActionAt IS NULL AND l.ownerId IS NOT NULL", { overdueSince })
    .andWhere("l.status IN (:...openStatuses)", { openStatuses: OPEN_LEAD_STATUSES });
  const due = await whereModuleOn(overdue, "l.tenantId", "sfa").orderBy("l.respondBy").limit(SWEEP_BATCH).getMany();
  let reassigned = 0;
  for (const lead of due) {
    if ((await reassignIfOverdue(services, lead.tenantId, lead.id)) === "reassigned") reassigned++;
  }
  return reassigned;
}
