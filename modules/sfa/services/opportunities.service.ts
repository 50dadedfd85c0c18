import { findAccount } from "../../../core/accounts/accounts.service";
import { contactsByIds } from "../../../core/contacts/contact.loader";
import { cleanText, assignDefined } from "../../../core/contacts/record-writer";
import { asInput, failed, notFound, resolveOwnership, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { rowIdOf, rowIdsOf } from "../../../core/graphql/relay/global-id";
import { checkCurrency } from "../../../core/money/money";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "../entities/opportunity.entity";
import { Pipeline, PipelineStage, StageOutcome } from "../entities/pipeline.entity";
import {
  OpportunityCreateInput,
  OpportunityUpdateInput,
  type OpportunityContactInput,
  type OpportunityContactSetInput,
} from "../graphql/opportunity.types";
import { lineItemConflicts } from "./line-item-rules";
import { OpportunityErrorCode, checkCategory, unmetRequirements } from "./opportunity-rules";
import { defaultPipeline, stagesOf } from "./pipelines.service";

type Result = ServiceResult<Opportunity>;

/** A visible opportunity by row id, locked for the rest of the transaction: moves and edits serialise. */
export function findOpportunity(scope: TenantScope, id: string): Promise<Opportunity | null> {
  return scope.lockById(Opportunity, id);
}

export function contactRolesOf(scope: TenantScope, opportunityId: string): Promise<OpportunityContact[]> {
  return scope.find(OpportunityContact, { where: { opportunityId }, order: { isPrimary: "DESC", id: "ASC" } });
}

/** Contacts named in an input, as rows: each visible, none twice, at most one primary. */
async function checkContacts(scope: TenantScope, inputs: readonly OpportunityContactInput[], field: string[]): Promise<ServiceResult<OpportunityContact[]>> {
  if (inputs.length === 0) return { record: [] };
  const decoded = rowIdsOf(inputs.map((input) => input.contactId), "Contact", field);
  if (decoded.errors.length > 0) return { errors: decoded.errors };
  const errors: UserError[] = [];
  const found = await contactsByIds(scope, decoded.rowIds);
  found.forEach((contact, index) => {
    if (!contact) errors.push(notFound([...field, String(index), "contactId"], "contact"));
  });
  if (new Set(decoded.rowIds).size !== decoded.rowIds.length) errors.push(userError(field, UserErrorCode.INVALID, "A contact is listed twice."));
  if (inputs.filter((input) => input.isPrimary).length > 1) errors.push(userError(field, UserErrorCode.INVALID, "At most one contact is primary."));
  if (errors.length > 0) return { errors };
  return { record: inputs.map((input, index) => scope.create(OpportunityContact, { contactId: decoded.rowIds[index]!, role: input.role, isPrimary: input.isPrimary })) };
}

/** The stage `stageGlobalId` names, if it is in the pipeline. */
function stageIn(stages: readonly PipelineStage[], stageGlobalId: string, field: string[]): ServiceResult<PipelineStage> {
  const decoded = rowIdOf(stageGlobalId, "PipelineStage", field);
  if (decoded.rowId === null) return { errors: decoded.errors };
  const stage = stages.find((candidate) => candidate.id === decoded.rowId);
  return stage ? { record: stage } : { errors: [userError(field, OpportunityErrorCode.STAGE_NOT_IN_PIPELINE, "No such stage in the opportunity's pipeline.")] };
}

async function pipelineFor(uow: UnitOfWork, pipelineGlobalId: string | null | undefined): Promise<ServiceResult<Pipeline>> {
  if (!pipelineGlobalId) return defaultPipeline(uow);
  const field = ["input", "pipelineId"];
  const decoded = rowIdOf(pipelineGlobalId, "Pipeline", field);
  if (decoded.rowId === null) return { errors: decoded.errors };
  const pipeline = await uow.scope.findOneBy(Pipeline, { id: decoded.rowId });
  if (!pipeline) return { errors: [notFound(field, "pipeline")] };
  if (pipeline.archivedAt) return { errors: [userError(field, OpportunityErrorCode.PIPELINE_ARCHIVED, `The pipeline '${pipeline.name}' is archived.`)] };
  return { record: pipeline };
}

/**
 * Opportunities: create, change, move through the pipeline, win and lose. Every check runs
 * before the first write, so a refused input writes nothing; a move writes the opportunity, its
 * stage history and its events in the caller's transaction.
 */
export class OpportunitiesService {
  async create(uow: UnitOfWork, raw: OpportunityCreateInput): Promise<Result> {
    const input = asInput(OpportunityCreateInput, raw);
    const errors = await validateInput(input);
    const currency = checkCurrency(input.currency, ["input", "currency"]);
    errors.push(...currency.errors);
    const account = await this.account(uow.scope, input.accountId);
    if (failed(account)) errors.push(...account.errors);
    const ownership = await resolveOwnership(uow.scope, input);
    errors.push(...ownership.errors);
    const contacts = await checkContacts(uow.scope, input.contacts ?? [], ["input", "contacts"]);
    if (failed(contacts)) errors.push(...contacts.errors);
    const pipeline = await pipelineFor(uow, input.pipelineId);
    if (failed(pipeline)) return { errors: [...errors, ...pipeline.errors] };
    const stages = await stagesOf(uow.scope, pipeline.record.id);
    const stage = input.stageId ? stageIn(stages, input.stageId, ["input", "stageId"]) : { record: stages.find((s) => s.outcome === StageOutcome.OPEN)! };
    if (failed(stage)) return { errors: [...errors, ...stage.errors] };
    if (stage.record.outcome !== StageOutcome.OPEN) {
      errors.push(userError(["input", "stageId"], UserErrorCode.INVALID, "An opportunity starts in an open stage; mark it won or lost afterwards."));
    }
    errors.push(...checkCategory(input.forecastCategory, StageOutcome.OPEN, ["input", "forecastCategory"]));
    if (errors.length > 0 || currency.currency === null || failed(account) || failed(contacts)) return { errors };

    const now = new Date();
    const opportunity = uow.scope.create(Opportunity, {
      name: input.name.trim(),
      accountId: account.record,
      pipelineId: pipeline.record.id,
      stageId: stage.record.id,
      status: StageOutcome.OPEN,
      amount: input.amount ?? null,
      currency: currency.currency,
      expectedCloseDate: input.expectedCloseDate,
      probability: input.probability ?? stage.record.probability,
      forecastCategory: input.forecastCategory ?? stage.record.forecastCategory,
      competitors: normalizeCompetitors(input.competitors ?? []),
      lostReason: null,
      segment: cleanText(input.segment) ?? null,
      nextStep: cleanText(input.nextStep) ?? null,
      description: cleanText(input.description) ?? null,
      stageEnteredAt: now,
      closedAt: null,
      leadId: null,
      ownerId: ownership.ownerId === undefined ? staffUserOf(uow.work) : ownership.ownerId,
      teamId: ownership.teamId ?? null,
    });
    const unmet = unmetRequirements(stage.record, opportunity, contacts.record, ["input", "stageId"]);
    if (unmet.length > 0) return { errors: unmet };
    await uow.scope.save(opportunity);
    for (const link of contacts.record) link.opportunityId = opportunity.id;
    await uow.scope.saveAll(contacts.record);
    await this.recordStage(uow, opportunity, null, stage.record, now);
    await uow.emit("sfa.opportunity.created.v1", { opportunityId: opportunity.id, accountId: opportunity.accountId });
    return { record: opportunity };
  }

  /** `id` is a row id; fields left out stay, null clears. The current stage's requirements must still hold. */
  async update(uow: UnitOfWork, id: string, raw: OpportunityUpdateInput): Promise<Result> {
    const input = asInput(OpportunityUpdateInput, raw);
    const opportunity = await findOpportunity(uow.scope, id);
    if (!opportunity) return { errors: [notFound(["input", "id"], "opportunity")] };
    const errors = await validateInput(input);
    const ownership = await resolveOwnership(uow.scope, input);
    errors.push(...ownership.errors, ...checkCategory(input.forecastCategory, opportunity.status, ["input", "forecastCategory"]));
    const currency = input.currency == null ? undefined : checkCurrency(input.currency, ["input", "currency"]);
    errors.push(...(currency?.errors ?? []));
    for (const required of ["name", "currency", "expectedCloseDate"] as const) {
      if (input[required] === null) errors.push(userError(["input", required], UserErrorCode.REQUIRED, `An opportunity always has a ${required}.`));
    }
    if (input.amount === null && opportunity.status === StageOutcome.WON) {
      errors.push(userError(["input", "amount"], OpportunityErrorCode.AMOUNT_REQUIRED, "A won deal keeps its amount."));
    }
    errors.push(...(await lineItemConflicts(uow.scope, opportunity, { amount: input.amount, currency: currency?.currency })));
    if (errors.length > 0) return { errors };
    const stage = (await uow.scope.findOneBy(PipelineStage, { id: opportunity.stageId }))!;
    assignDefined(opportunity, {
      name: input.name?.trim(),
      currency: currency?.currency ?? undefined,
      expectedCloseDate: input.expectedCloseDate ?? undefined,
      amount: input.amount,
      // null hands the probability back to the stage.
      probability: input.probability === null ? stage.probability : input.probability,
      forecastCategory: input.forecastCategory ?? undefined,
      competitors: input.competitors === undefined ? undefined : normalizeCompetitors(input.competitors ?? []),
      segment: cleanText(input.segment),
      nextStep: cleanText(input.nextStep),
      description: cleanText(input.description),
      ownerId: ownership.ownerId,
      teamId: ownership.teamId,
    });
    const unmet = unmetRequirements(stage, opportunity, await contactRolesOf(uow.scope, opportunity.id), ["input", "id"]);
    if (unmet.length > 0) return { errors: unmet };
    return { record: await uow.scope.save(opportunity) };
  }

  /** Moves to a stage of the same pipeline; entering a WON or LOST stage closes the deal and says so. */
  async move(uow: UnitOfWork, id: string, stageGlobalId: string, lostReason: string | null | undefined): Promise<Result> {
    const opportunity = await findOpportunity(uow.scope, id);
    if (!opportunity) return { errors: [notFound(["input", "id"], "opportunity")] };
    const stage = stageIn(await stagesOf(uow.scope, opportunity.pipelineId), stageGlobalId, ["input", "stageId"]);
    if (failed(stage)) return stage;
    return this.enter(uow, opportunity, stage.record, cleanText(lostReason) ?? null, ["input", "stageId"]);
  }

  async markWon(uow: UnitOfWork, id: string, amount: number | null | undefined): Promise<Result> {
    return this.close(uow, id, StageOutcome.WON, null, async (opportunity) => {
      const conflicts = await lineItemConflicts(uow.scope, opportunity, { amount: amount ?? undefined });
      if (conflicts.length > 0) return conflicts;
      if (amount != null) opportunity.amount = amount;
      return opportunity.amount === null ? [userError(["input", "amount"], OpportunityErrorCode.AMOUNT_REQUIRED, "A deal cannot be won without an amount: give one.")] : [];
    });
  }

  async markLost(uow: UnitOfWork, id: string, lostReason: string): Promise<Result> {
    const reason = cleanText(lostReason);
    return this.close(uow, id, StageOutcome.LOST, reason ?? null, () =>
      reason ? [] : [userError(["input", "lostReason"], UserErrorCode.REQUIRED, "Say why the deal was lost.")],
    );
  }

  /** Adds the contact to the deal, or changes their role; a new primary contact replaces the old one. */
  async setContact(uow: UnitOfWork, opportunityId: string, input: OpportunityContactSetInput): Promise<Result> {
    const opportunity = await findOpportunity(uow.scope, opportunityId);
    if (!opportunity) return { errors: [notFound(["input", "opportunityId"], "opportunity")] };
    const checked = await checkContacts(uow.scope, [input], ["input"]);
    if (failed(checked)) return { errors: checked.errors.map((error) => ({ ...error, field: ["input", "contactId"] })) };
    const wanted = checked.record[0]!;
    const links = await contactRolesOf(uow.scope, opportunity.id);
    if (wanted.isPrimary) await uow.scope.update(OpportunityContact, { opportunityId: opportunity.id, isPrimary: true }, { isPrimary: false });
    const existing = links.find((link) => link.contactId === wanted.contactId);
    await uow.scope.save(Object.assign(existing ?? wanted, { opportunityId: opportunity.id, role: wanted.role, isPrimary: wanted.isPrimary }));
    return { record: opportunity };
  }

  /** Takes the contact off the deal, unless the current stage needs them. */
  async removeContact(uow: UnitOfWork, opportunityId: string, contactId: string): Promise<Result> {
    const opportunity = await findOpportunity(uow.scope, opportunityId);
    if (!opportunity) return { errors: [notFound(["input", "opportunityId"], "opportunity")] };
    const links = await contactRolesOf(uow.scope, opportunity.id);
    const link = links.find((candidate) => candidate.contactId === contactId);
    if (!link) return { errors: [notFound(["input", "contactId"], "contact on this opportunity")] };
    const stage = await uow.scope.findOneBy(PipelineStage, { id: opportunity.stageId });
    const unmet = unmetRequirements(stage!, opportunity, links.filter((candidate) => candidate !== link), ["input", "contactId"]);
    if (unmet.length > 0) return { errors: unmet };
    await uow.scope.remove(link);
    return { record: opportunity };
  }

  private async close(uow: UnitOfWork, id: string, outcome: StageOutcome, lostReason: string | null, prepare: (opportunity: Opportunity) => UserError[] | Promise<UserError[]>): Promise<Result> {
    const opportunity = await findOpportunity(uow.scope, id);
    if (!opportunity) return { errors: [notFound(["input", "id"], "opportunity")] };
    const errors = await prepare(opportunity);
    if (errors.length > 0) return { errors };
    const stage = (await stagesOf(uow.scope, opportunity.pipelineId)).find((candidate) => candidate.outcome === outcome);
    if (!stage) return { errors: [userError(["input", "id"], UserErrorCode.INVALID, `The opportunity's pipeline has no ${outcome} stage.`)] };
    return this.enter(uow, opportunity, stage, lostReason, ["input", "id"]);
  }

  private async enter(uow: UnitOfWork, opportunity: Opportunity, stage: PipelineStage, lostReason: string | null, field: string[]): Promise<Result> {
    if (stage.id === opportunity.stageId) return { record: await uow.scope.save(opportunity) };
    const errors = unmetRequirements(stage, opportunity, await contactRolesOf(uow.scope, opportunity.id), field);
    if (stage.outcome === StageOutcome.LOST && !lostReason) errors.push(userError(["input", "lostReason"], UserErrorCode.REQUIRED, "Say why the deal was lost."));
    if (errors.length > 0) return { errors };
    const from = opportunity.stageId;
    const now = new Date();
    await this.recordStage(uow, opportunity, from, stage, now);
    Object.assign(opportunity, {
      stageId: stage.id,
      status: stage.outcome,
      probability: stage.probability,
      forecastCategory: stage.forecastCategory,
      stageEnteredAt: now,
      closedAt: stage.outcome === StageOutcome.OPEN ? null : now,
      lostReason: stage.outcome === StageOutcome.LOST ? lostReason : null,
    });
    await uow.scope.save(opportunity);
    const { id: opportunityId, accountId, ownerId } = opportunity;
    await uow.emit("sfa.opportunity.stageChanged.v1", { opportunityId, fromStageId: from, toStageId: stage.id, status: stage.outcome });
    if (stage.outcome === StageOutcome.WON) await uow.emit("sfa.opportunity.won.v1", { opportunityId, accountId, ownerId, amount: opportunity.amount!, currency: opportunity.currency });
    if (stage.outcome === StageOutcome.LOST) await uow.emit("sfa.opportunity.lost.v1", { opportunityId, accountId, ownerId, lostReason: lostReason! });
    return { record: opportunity };
  }

  private async recordStage(uow: UnitOfWork, opportunity: Opportunity, fromStageId: string | null, to: PipelineStage, at: Date): Promise<void> {
    await uow.scope.save(
      uow.scope.create(OpportunityStageChange, {
        opportunityId: opportunity.id,
        fromStageId,
        toStageId: to.id,
        changedAt: at,
        secondsInFromStage: fromStageId === null ? null : Math.max(0, Math.round((at.getTime() - opportunity.stageEnteredAt.getTime()) / 1000)),
        changedById: staffUserOf(uow.work),
        amount: opportunity.amount,
      }),
    );
  }

  private async account(scope: TenantScope, accountGlobalId: string): Promise<ServiceResult<string>> {
    const field = ["input", "accountId"];
    const decoded = rowIdOf(accountGlobalId, "Account", field);
    if (decoded.rowId === null) return { errors: decoded.errors };
    return (await findAccount(scope, decoded.rowId)) ? { record: decoded.rowId } : { errors: [notFound(field, "account")] };
  }
}

/** Trimmed, without blanks, each competitor once whatever its case (the first spelling stays). */
function normalizeCompetitors(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names.map((raw) => raw.trim()).filter(Boolean)) if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  return [...byKey.values()];
}

export const opportunitiesService = new OpportunitiesService();
