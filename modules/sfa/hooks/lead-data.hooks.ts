import { In, IsNull, type FindOptionsWhere } from "typeorm";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { GdprSubject } from "../../../core/gdpr/gdpr.hooks";
import { redactAuditEntries } from "../../../core/gdpr/gdpr.service";
import { Lead } from "../entities/lead.entity";
import type { CustomerDataPart } from "./customer-data.hooks";

/** What a lead says about the person, removed on erasure; the lead's business facts (status, source, conversion) stay. */
const ERASED = {
  firstName: null,
  lastName: "Erased",
  email: null,
  phone: null,
  title: null,
  website: null,
  need: null,
  externalRef: null,
  disqualifiedReason: null,
};

/**
 * The person's leads: those converted into the contact, and those never converted that carry one
 * of the contact's email addresses or phone numbers (a lead converted into someone else is that
 * person's record).
 */
function leadsOf(scope: TenantScope, { contactId, emails, phones }: GdprSubject): Promise<Lead[]> {
  const where: FindOptionsWhere<Lead>[] = [{ convertedContactId: contactId }];
  if (emails.length > 0) where.push({ convertedContactId: IsNull(), email: In([...emails]) });
  if (phones.length > 0) where.push({ convertedContactId: IsNull(), phone: In([...phones]) });
  return scope.find(Lead, { where, order: { id: "ASC" } });
}

/**
 * A lead is personal data about the person it came from or was converted into: their export
 * lists those leads, their erasure anonymises them. Merges move conversions to the surviving
 * records.
 */
export const leadData: CustomerDataPart = {
  async mergeContacts(uow, { survivorId, mergedId }) {
    await uow.scope.unrestricted().update(Lead, { convertedContactId: mergedId }, { convertedContactId: survivorId });
  },

  async mergeAccounts(uow, { survivorId, mergedId }) {
    await uow.scope.unrestricted().update(Lead, { convertedAccountId: mergedId }, { convertedAccountId: survivorId });
  },

  async gdprExport(scope, subject) {
    const leads = await leadsOf(scope, subject);
    return {
      leads: leads.map((lead) => ({
        lead: lead.globalId,
        firstName: lead.firstName,
        lastName: lead.lastName,
        email: lead.email,
        phone: lead.phone,
        company: lead.company,
        title: lead.title,
        website: lead.website,
        region: lead.region,
        country: lead.country,
        source: lead.source,
        status: lead.status,
        score: lead.score,
        need: lead.need,
        externalRef: lead.externalRef,
        createdAt: lead.createdAt.toISOString(),
        convertedAt: lead.convertedAt?.toISOString() ?? null,
      })),
    };
  },

  /**
   * A bulk update, which the audit log does not copy the old values into; the values the log
   * already holds about these leads are then redacted, as core does for the contact's records.
   */
  async gdprErase(uow, subject) {
    const whole = uow.scope.unrestricted();
    const ids = (await leadsOf(whole, subject)).map((lead) => lead.id);
    if (ids.length === 0) return;
    await whole.update(Lead, { id: In(ids) }, ERASED);
    await redactAuditEntries(uow, "Lead", ids, Object.keys(ERASED));
  },
};
