import { cleanText } from "../../../core/contacts/record-writer";
import { staffUserOf } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { checkCurrency } from "../../../core/money/money";
import { Lead, LeadAuthority, LeadBudget, LeadStatus, LeadTimeline, OPEN_LEAD_STATUSES } from "../entities/lead.entity";
import type { LeadQualificationInput } from "../graphql/lead.types";

/** userError codes of the lead mutations, besides the shared ones. */
export const LeadErrorCode = {
  /** A converted lead is a record of the conversion: it no longer changes. */
  LEAD_CONVERTED: "LEAD_CONVERTED",
  /** leadQualify: a BANT element is unknown (the field says which). */
  QUALIFICATION_INCOMPLETE: "QUALIFICATION_INCOMPLETE",
  /** leadConvert with an opportunity: the lead must be QUALIFIED first. */
  NOT_QUALIFIED: "NOT_QUALIFIED",
  /** leadConvert: a disqualified lead is reopened (leadUpdate status WORKING) before it converts. */
  LEAD_DISQUALIFIED: "LEAD_DISQUALIFIED",
  /** leadAssign without an owner: no active rule matches the lead, or none has a member to give it to. */
  NO_MATCHING_RULE: "NO_MATCHING_RULE",
} as const;

/** A visible lead by row id, locked for the rest of the transaction: changes to one lead serialise. */
export function findLead(scope: TenantScope, id: string): Promise<Lead | null> {
  return scope.lockById(Lead, id);
}

export function isOpen(lead: Lead): boolean {
  return OPEN_LEAD_STATUSES.includes(lead.status);
}

/** Refuses any change to a converted lead. */
export function convertedError(lead: Lead): UserError[] {
  return lead.status === LeadStatus.CONVERTED ? [userError(["input", "id"], LeadErrorCode.LEAD_CONVERTED, "The lead was converted; it can no longer change.")] : [];
}

/**
 * The owner acting on their lead: any change by the owner (update, qualification,
 * disqualification, conversion) is their first action, which ends the response deadline.
 * Changes by anyone else (a manager, an integration) leave the deadline running. A lead that is
 * no longer open has no deadline either: `respondBy` is set only while one is pending, which
 * keeps the sweep's index range to the leads it may act on.
 */
export function noteAction(uow: UnitOfWork, lead: Lead, at = new Date()): void {
  if (lead.firstActionAt === null && lead.ownerId !== null && staffUserOf(uow.work) === lead.ownerId) {
    lead.firstActionAt = at;
    lead.respondBy = null;
  }
  if (!isOpen(lead)) lead.respondBy = null;
}

/** Copies a qualification input onto the lead: a field left out stays, null clears it. */
export function applyQualification(lead: Lead, input: LeadQualificationInput | null | undefined, field: string[]): UserError[] {
  if (!input) return [];
  const errors: UserError[] = [];
  if (input.budget !== undefined) lead.budget = input.budget ?? LeadBudget.UNKNOWN;
  if (input.authority !== undefined) lead.authority = input.authority ?? LeadAuthority.UNKNOWN;
  if (input.timeline !== undefined) lead.timeline = input.timeline ?? LeadTimeline.UNKNOWN;
  if (input.need !== undefined) lead.need = cleanText(input.need) ?? null;
  if (input.budgetAmount === null) {
    lead.budgetAmount = null;
    lead.budgetCurrency = null;
  } else if (input.budgetAmount) {
    const currency = checkCurrency(input.budgetAmount.currency, [...field, "budgetAmount", "currency"]);
    errors.push(...currency.errors);
    if (!Number.isSafeInteger(input.budgetAmount.amount) || input.budgetAmount.amount < 0) {
      errors.push(userError([...field, "budgetAmount", "amount"], UserErrorCode.INVALID, "A budget is a whole number of minor units, 0 or more."));
    }
    lead.budgetAmount = input.budgetAmount.amount;
    lead.budgetCurrency = currency.currency;
  }
  return errors;
}

/**
 * What BANT still lacks before the lead may be QUALIFIED: every element must be known, and the
 * budget must at least be planned (a prospect without money is not ready for sales).
 */
export function missingBant(lead: Lead): ("budget" | "authority" | "need" | "timeline")[] {
  const missing: ("budget" | "authority" | "need" | "timeline")[] = [];
  if (lead.budget !== LeadBudget.PLANNED && lead.budget !== LeadBudget.APPROVED) missing.push("budget");
  if (lead.authority === LeadAuthority.UNKNOWN) missing.push("authority");
  if (!lead.need) missing.push("need");
  if (lead.timeline === LeadTimeline.UNKNOWN) missing.push("timeline");
  return missing;
}

const MISSING_MESSAGES: Record<ReturnType<typeof missingBant>[number], string> = {
  budget: "Budget: the prospect must have money planned or approved.",
  authority: "Authority: say what part the lead plays in the decision.",
  need: "Need: describe the problem the prospect wants solved.",
  timeline: "Timeline: say when the prospect means to buy.",
};

export function qualificationErrors(lead: Lead): UserError[] {
  return missingBant(lead).map((element) => userError(["input", "qualification", element], LeadErrorCode.QUALIFICATION_INCOMPLETE, MISSING_MESSAGES[element]));
}
