import { failed } from "../../../core/contacts/service-result";
import { onEvent } from "../../../core/events/handler";
import { UserErrorCode, type UserError } from "../../../core/graphql/payload";
import { LeadSource } from "../entities/lead.entity";
import type { LeadCreateInput } from "../graphql/lead.types";
import { leadsService } from "../services/leads.service";

/** Fields of a marketing lead that sales can do without when marketing sent them malformed. */
const DROPPABLE = new Set(["firstName", "email", "phone", "company", "title", "website", "region", "country", "score"]);

/** The input without the droppable fields the errors name, or null when an error is about something else. */
function withoutBadFields(input: LeadCreateInput, errors: readonly UserError[]): LeadCreateInput | null {
  const bad = errors.map((error) => error.field?.[1] ?? "");
  if (!bad.every((field) => DROPPABLE.has(field))) return null;
  const trimmed: LeadCreateInput = { ...input };
  for (const field of bad) delete (trimmed as Partial<LeadCreateInput>)[field as keyof LeadCreateInput];
  return trimmed;
}

/**
 * A lead marketing found sales-ready becomes a sales lead, routed like any other. Marketing's id
 * is the lead's externalRef: the same lead delivered again (a redelivered event, or a second
 * event about it) finds it and changes nothing. Malformed optional fields are left out rather
 * than losing the lead; a lead sales cannot take at all (no last name, nothing left to reach it
 * by) is logged and dropped, since retrying would not make it valid.
 */
export const leadFromMarketing = onEvent("ma.lead.qualified.v1", "leadFromMarketing", async (event, { uow, services, logger }) => {
  const { leadId, ...person } = event.payload;
  const input: LeadCreateInput = { ...person, externalRef: leadId, source: LeadSource.MARKETING };
  let result = await leadsService.capture({ uow, services }, input);
  if (!failed(result)) return;
  // The lead arrived before (capture refuses a known external ref), maybe in another delivery.
  if (result.errors.some((error) => error.code === UserErrorCode.TAKEN && error.field?.[1] === "externalRef")) return;
  const trimmed = withoutBadFields(input, result.errors);
  if (trimmed) {
    logger.warn({ maLeadId: leadId, userErrors: result.errors }, "marketing lead captured without its malformed fields");
    result = await leadsService.capture({ uow, services }, trimmed);
    if (!failed(result)) return;
  }
  logger.warn({ maLeadId: leadId, userErrors: result.errors }, "marketing lead not captured");
});
