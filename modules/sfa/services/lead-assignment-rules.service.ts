import { In } from "typeorm";
import { asInput, notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { rowIdsOf } from "../../../core/graphql/relay/global-id";
import { User, UserStatus } from "../../../core/identity/identity.entities";
import { AssignmentStrategy, LeadAssignmentCriteria, LeadAssignmentRule } from "../entities/lead-assignment-rule.entity";
import {
  LeadAssignmentRuleCreateInput,
  LeadAssignmentRuleUpdateInput,
  MAX_RULE_ITEMS,
  type LeadAssignmentCriteriaInput,
} from "../graphql/lead-assignment-rule.types";

type Result = ServiceResult<LeadAssignmentRule>;

/** Members as user row ids: each an active user of the tenant, listed once, at least one. */
async function checkMembers(uow: UnitOfWork, globalIds: readonly string[], errors: UserError[]): Promise<string[]> {
  const field = ["input", "memberIds"];
  if (globalIds.length === 0) errors.push(userError(field, UserErrorCode.REQUIRED, "A rule needs at least one member."));
  if (globalIds.length > MAX_RULE_ITEMS) errors.push(userError(field, UserErrorCode.INVALID, `A rule has at most ${MAX_RULE_ITEMS} members.`));
  const decoded = rowIdsOf(globalIds, "User", field);
  errors.push(...decoded.errors);
  if (new Set(decoded.rowIds).size !== decoded.rowIds.length) errors.push(userError(field, UserErrorCode.INVALID, "A member is listed twice."));
  const users = decoded.rowIds.length > 0 ? await uow.scope.findBy(User, { id: In(decoded.rowIds) }) : [];
  decoded.rowIds.forEach((id, index) => {
    const user = users.find((candidate) => candidate.id === id);
    if (!user) errors.push(userError([...field, String(index)], UserErrorCode.NOT_FOUND, "No such user."));
    else if (user.status !== UserStatus.ACTIVE) errors.push(userError([...field, String(index)], UserErrorCode.INVALID, `${user.name} is disabled.`));
  });
  return decoded.rowIds;
}

function criteriaOf(input: LeadAssignmentCriteriaInput): LeadAssignmentCriteria {
  return {
    regions: [...new Set(input.regions.map((region) => region.trim()).filter(Boolean))],
    countries: [...new Set(input.countries.map((country) => country.toUpperCase()))],
    sources: [...new Set(input.sources)],
  };
}

/** A territory is where leads come from: a TERRITORY rule must say where. */
function territoryErrors(rule: Pick<LeadAssignmentRule, "strategy" | "criteria">): UserError[] {
  const { regions, countries } = rule.criteria;
  return rule.strategy === AssignmentStrategy.TERRITORY && regions.length === 0 && countries.length === 0
    ? [userError(["input", "criteria"], UserErrorCode.REQUIRED, "A TERRITORY rule names the regions or countries it covers.")]
    : [];
}

/** The assignment rules of a tenant: created, changed and deleted by those who manage leads. */
export class LeadAssignmentRulesService {
  async create(uow: UnitOfWork, raw: LeadAssignmentRuleCreateInput): Promise<Result> {
    const input = asInput(LeadAssignmentRuleCreateInput, raw);
    const errors = await validateInput(input);
    const memberIds = await checkMembers(uow, input.memberIds, errors);
    const position = input.position ?? (await this.nextPosition(uow));
    const rule = uow.scope.create(LeadAssignmentRule, {
      name: input.name.trim(),
      position,
      active: input.active ?? true,
      strategy: input.strategy,
      criteria: criteriaOf(input.criteria ?? { regions: [], countries: [], sources: [] }),
      memberIds,
      lastTurn: -1,
      responseMinutes: input.responseMinutes ?? null,
    });
    errors.push(...territoryErrors(rule));
    if (errors.length > 0) return { errors };
    return { record: await uow.scope.save(rule) };
  }

  /** `id` is a row id. New members restart the turn from the first of them. */
  async update(uow: UnitOfWork, id: string, raw: LeadAssignmentRuleUpdateInput): Promise<Result> {
    const input = asInput(LeadAssignmentRuleUpdateInput, raw);
    const rule = await uow.scope.lockById(LeadAssignmentRule, id);
    if (!rule) return { errors: [notFound(["input", "id"], "assignment rule")] };
    const errors = await validateInput(input);
    for (const required of ["name", "strategy", "memberIds", "active", "criteria", "position"] as const) {
      if (input[required] === null) errors.push(userError(["input", required], UserErrorCode.REQUIRED, `A rule always has ${required === "memberIds" ? "members" : `a ${required}`}.`));
    }
    if (input.memberIds) {
      rule.memberIds = await checkMembers(uow, input.memberIds, errors);
      rule.lastTurn = -1;
    }
    if (input.name) rule.name = input.name.trim();
    if (input.strategy) rule.strategy = input.strategy;
    if (input.criteria) rule.criteria = criteriaOf(input.criteria);
    if (input.active != null) rule.active = input.active;
    if (input.position != null) rule.position = input.position;
    if (input.responseMinutes !== undefined) rule.responseMinutes = input.responseMinutes;
    errors.push(...territoryErrors(rule));
    if (errors.length > 0) return { errors };
    return { record: await uow.scope.save(rule) };
  }

  async delete(uow: UnitOfWork, id: string): Promise<ServiceResult<string>> {
    const rule = await uow.scope.findOneBy(LeadAssignmentRule, { id });
    if (!rule) return { errors: [notFound(["input", "id"], "assignment rule")] };
    const deletedId = rule.globalId;
    await uow.scope.remove(rule);
    return { record: deletedId };
  }

  private async nextPosition(uow: UnitOfWork): Promise<number> {
    const last = await uow.scope.query(LeadAssignmentRule, "r").orderBy("r.position", "DESC").getOne();
    return last ? last.position + 1 : 0;
  }
}

export const leadAssignmentRules = new LeadAssignmentRulesService();
