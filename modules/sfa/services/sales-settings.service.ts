import { atomically, notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput } from "../../../core/graphql/payload";
import { User } from "../../../core/identity/identity.entities";
import { DiscountApprovalLimit } from "../entities/discount-approval-limit.entity";
import { DEFAULT_SALES_SETTINGS, SalesDocumentCounter, SalesDocumentKind, SalesSettings } from "../entities/sales-settings.entity";
import { DiscountApprovalLimitSetInput, SalesSettingsUpdateInput } from "../graphql/sales-settings.types";

const PREFIX: Record<SalesDocumentKind, string> = { [SalesDocumentKind.QUOTE]: "Q", [SalesDocumentKind.ORDER]: "O" };

/** The discount rules in force for a tenant. */
export interface SalesRules {
  quoteApprovalThresholdBps: number;
  maxDiscountBps: number;
  /** Null while the defaults apply. */
  updatedAt: Date | null;
}

function rulesOf(row: SalesSettings | null): SalesRules {
  return row ? { quoteApprovalThresholdBps: row.quoteApprovalThresholdBps, maxDiscountBps: row.maxDiscountBps, updatedAt: row.updatedAt } : { ...DEFAULT_SALES_SETTINGS, updatedAt: null };
}

/** The tenant's sales settings, or the defaults when it never changed them. */
export async function salesSettingsOf(scope: TenantScope): Promise<SalesRules> {
  return rulesOf(await scope.findOneBy(SalesSettings, {}));
}

/**
 * The next number of a kind of document, e.g. Q-000124. The upsert increments the tenant's
 * counter row and keeps it locked until the caller's transaction ends, so concurrent documents
 * queue on it and never share a number.
 */
export async function nextNumber(uow: UnitOfWork, kind: SalesDocumentKind): Promise<string> {
  await uow.manager.query(
    "INSERT INTO sales_document_counter (tenant_id, kind, last_value) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE last_value = last_value + 1",
    [uow.tenantId, kind],
  );
  const counter = await uow.manager.findOneByOrFail(SalesDocumentCounter, { tenantId: uow.tenantId, kind });
  return `${PREFIX[kind]}-${String(counter.lastValue).padStart(6, "0")}`;
}

/** The discount a staff user may approve, in basis points; null when they have no limit. */
export async function approvalLimitOf(scope: TenantScope, userId: string): Promise<number | null> {
  return (await scope.findOneBy(DiscountApprovalLimit, { userId }))?.maxDiscountBps ?? null;
}

/** The tenant's discount rules and its users' approval limits (sfa.quotas.manage). */
export class SalesSettingsService {
  async update(uow: UnitOfWork, input: SalesSettingsUpdateInput): Promise<ServiceResult<SalesRules>> {
    const errors = await validateInput(input);
    if (errors.length > 0) return { errors };
    const row = (await uow.scope.query(SalesSettings, "s").setLock("pessimistic_write").getOne()) ?? uow.scope.create(SalesSettings, { ...DEFAULT_SALES_SETTINGS });
    row.quoteApprovalThresholdBps = input.quoteApprovalThresholdBps ?? row.quoteApprovalThresholdBps;
    row.maxDiscountBps = input.maxDiscountBps ?? row.maxDiscountBps;
    if (row.quoteApprovalThresholdBps > row.maxDiscountBps) {
      return { errors: [userError(["input", "quoteApprovalThresholdBps"], UserErrorCode.INVALID, "The approval threshold cannot be above the maximum discount.")] };
    }
    // Two first changes at once: the unique tenant index lets one through.
    return atomically(uow, async () => ({ record: rulesOf(await uow.scope.save(row)) }), () => [userError(["input"], UserErrorCode.CONFLICT, "The settings changed meanwhile; try again.")]);
  }

  /** Sets (or replaces) a user's approval limit; `userId` is a row id. */
  async setApprovalLimit(uow: UnitOfWork, userId: string, input: DiscountApprovalLimitSetInput): Promise<ServiceResult<DiscountApprovalLimit>> {
    const errors = await validateInput(input);
    if ((await uow.scope.count(User, { id: userId })) === 0) errors.push(notFound(["input", "userId"], "user"));
    if (errors.length > 0) return { errors };
    const limit = (await uow.scope.findOneBy(DiscountApprovalLimit, { userId })) ?? uow.scope.create(DiscountApprovalLimit, { userId });
    limit.maxDiscountBps = input.maxDiscountBps;
    // Two first limits for one user at once: the unique (tenant, user) index lets one through.
    return atomically(uow, async () => ({ record: await uow.scope.save(limit) }), () => [userError(["input", "userId"], UserErrorCode.CONFLICT, "The limit changed meanwhile; try again.")]);
  }

  async removeApprovalLimit(uow: UnitOfWork, userId: string): Promise<ServiceResult<string>> {
    const limit = await uow.scope.findOneBy(DiscountApprovalLimit, { userId });
    if (!limit) return { errors: [notFound(["input", "userId"], "approval limit for this user")] };
    await uow.scope.remove(limit);
    return { record: userId };
  }
}

export const salesSettingsService = new SalesSettingsService();
