import { LessThanOrEqual, MoreThanOrEqual } from "typeorm";
import { asInput, atomically, notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { rowIdOf } from "../../../core/graphql/relay/global-id";
import { Team, User } from "../../../core/identity/identity.entities";
import { checkCurrency } from "../../../core/money/money";
import { Quota, QuotaAssignee } from "../entities/quota.entity";
import { QuotaSetInput } from "../graphql/quota.types";
import { checkWindow, isProblem, type DateWindow } from "./forecast-input";

/** The assignee an input names (exactly one of userId and teamId, of this tenant), or why not. */
async function assigneeOf(scope: TenantScope, input: QuotaSetInput): Promise<{ type: QuotaAssignee; id: string } | UserError[]> {
  if (input.userId != null && input.teamId != null) return [userError(["input", "teamId"], UserErrorCode.INVALID, "A quota is for a user or for a team, not both.")];
  if (input.userId == null && input.teamId == null) return [userError(["input", "userId"], UserErrorCode.REQUIRED, "Name the user or the team the quota is for.")];
  const [type, entity, field] = input.userId != null ? ([QuotaAssignee.USER, User, "userId"] as const) : ([QuotaAssignee.TEAM, Team, "teamId"] as const);
  const decoded = rowIdOf((input.userId ?? input.teamId)!, entity.name, ["input", field]);
  if (decoded.rowId === null) return decoded.errors;
  if ((await scope.count(entity, { id: decoded.rowId })) === 0) return [notFound(["input", field], entity.name.toLowerCase())];
  return { type, id: decoded.rowId };
}

function days(window: { periodStart: string; periodEnd: string }): number {
  return Date.parse(window.periodEnd) - Date.parse(window.periodStart);
}

/**
 * One assignee's quota for a window, from its quotas that lie inside it, without counting a day
 * twice: the longest periods are taken first and a quota overlapping one already taken is left
 * out. So a quarter's quota wins over the monthly quotas inside it, and three monthly quotas with
 * no quarterly one add up to the quarter's.
 */
export function quotaWithin(quotas: readonly Quota[]): number {
  const taken: Quota[] = [];
  for (const quota of [...quotas].sort((a, b) => days(b) - days(a) || a.periodStart.localeCompare(b.periodStart))) {
    if (!taken.some((other) => quota.periodStart < other.periodEnd && other.periodStart < quota.periodEnd)) taken.push(quota);
  }
  return taken.reduce((sum, quota) => sum + quota.amount, 0);
}

/** Each assignee's quota for the window in `currency` (see quotaWithin); quotas in other currencies do not count. */
export async function quotasFor(scope: TenantScope, type: QuotaAssignee, window: DateWindow, currency: string): Promise<Map<string, number>> {
  const quotas = await scope.find(Quota, {
    where: { assigneeType: type, currency, periodStart: MoreThanOrEqual(window.from), periodEnd: LessThanOrEqual(window.to) },
  });
  const byAssignee = new Map<string, Quota[]>();
  for (const quota of quotas) {
    const own = byAssignee.get(quota.assigneeId);
    if (own) own.push(quota);
    else byAssignee.set(quota.assigneeId, [quota]);
  }
  return new Map([...byAssignee].map(([id, own]) => [id, quotaWithin(own)]));
}

/** Quotas: set (insert or replace the amount for the same assignee and period) and remove. */
export class QuotasService {
  async set(uow: UnitOfWork, raw: QuotaSetInput): Promise<ServiceResult<Quota>> {
    const input = asInput(QuotaSetInput, raw);
    const assignee = await assigneeOf(uow.scope, input);
    const errors = Array.isArray(assignee) ? [...assignee] : [];
    const window = checkWindow(input);
    if (isProblem(window)) errors.push(userError(["input", window.field], window.code, window.message));
    const currency = checkCurrency(input.amount.currency, ["input", "amount", "currency"]);
    errors.push(...currency.errors);
    if (input.amount.amount < 0) errors.push(userError(["input", "amount", "amount"], UserErrorCode.INVALID, "A quota is 0 or more."));
    if (errors.length > 0 || Array.isArray(assignee) || isProblem(window) || currency.currency === null) return { errors };
    const key = { assigneeType: assignee.type, assigneeId: assignee.id, periodStart: window.from, periodEnd: window.to };
    const values = { amount: input.amount.amount, currency: currency.currency };
    return atomically(
      uow,
      async () => {
        const existing = await uow.scope.findOneBy(Quota, key);
        return { record: await uow.scope.save(Object.assign(existing ?? uow.scope.create<Quota>(Quota, key), values)) };
      },
      () => [userError(["input"], UserErrorCode.CONFLICT, "The same quota was being set at the same time; try again.")],
    );
  }

  /** `id` is a row id. */
  async remove(uow: UnitOfWork, id: string): Promise<ServiceResult<Quota, { removedId: string }>> {
    const quota = await uow.scope.findOneBy(Quota, { id });
    if (!quota) return { errors: [notFound(["input", "id"], "quota")] };
    const removedId = quota.globalId;
    await uow.scope.remove(quota);
    return { record: quota, removedId };
  }
}

export const quotasService = new QuotasService();
