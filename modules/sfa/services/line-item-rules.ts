import type { TenantScope } from "../../../core/db/tenant-scope";
import { userError, type UserError } from "../../../core/graphql/payload";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";

export const LineItemErrorCode = {
  /** The opportunity's amount is the sum of its line items: change them instead. */
  AMOUNT_FOLLOWS_LINE_ITEMS: "AMOUNT_FOLLOWS_LINE_ITEMS",
  /** The line items are priced in the opportunity's currency: remove them first. */
  CURRENCY_LOCKED_BY_LINE_ITEMS: "CURRENCY_LOCKED_BY_LINE_ITEMS",
  /** Line items of a won or lost deal no longer change. */
  OPPORTUNITY_CLOSED: "OPPORTUNITY_CLOSED",
} as const;

/**
 * What an opportunity with line items refuses: an amount of its own (it is the sum of the
 * lines) and another currency (the lines are priced in this one).
 */
export async function lineItemConflicts(
  scope: TenantScope,
  opportunity: { id: string; currency: string },
  change: { amount?: number | null; currency?: string | null },
): Promise<UserError[]> {
  const touchesAmount = change.amount !== undefined;
  const touchesCurrency = change.currency != null && change.currency !== opportunity.currency;
  if (!touchesAmount && !touchesCurrency) return [];
  if ((await scope.count(OpportunityLineItem, { opportunityId: opportunity.id })) === 0) return [];
  const errors: UserError[] = [];
  if (touchesAmount) {
    errors.push(userError(["input", "amount"], LineItemErrorCode.AMOUNT_FOLLOWS_LINE_ITEMS, "The amount is the sum of the line items: change those instead."));
  }
  if (touchesCurrency) {
    errors.push(userError(["input", "currency"], LineItemErrorCode.CURRENCY_LOCKED_BY_LINE_ITEMS, "The line items are priced in this currency: remove them before changing it."));
  }
  return errors;
}
