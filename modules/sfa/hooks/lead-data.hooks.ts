import { In } from "typeorm";
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
 * A lead is personal data about the person it was converted into: their export lists those
 * leads, their erasure anonymises them. Merges move conversions to the surviving records.
 */
export const leadData: CustomerDataPart = {
  async mergeContacts(uow, { survivorId, mergedId }) {
    await uow.scope.unrestricted().update(Lead, { convertedContactId: mergedId }, { convertedContactId: survivorId });
  },

  async mergeAccounts(uow, { survivorId, mergedId }) {
    await uow.scope.unrestricted().update(Lead, { convertedAccountId: mergedId }, { convertedAccountId: survivorId });
  },

  async gdprExport(scope, contactId) {
    const leads = await scope.find(Lead, { where: { convertedContactId: contactId }, order: { id: "ASC" } });
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
  async gdprErase(uow, contactId) {
    const whole = uow.scope.unrestricted();
    const ids = (await whole.findBy(Lead, { convertedContactId: contactId })).map((lead) => lead.id);
    if (ids.length === 0) return;
    await whole.update(Lead, { id: In(ids) }, ERASED);
    await redactAuditEntries(uow, "Lead", ids, Object.keys(ERASED));
  },
};
