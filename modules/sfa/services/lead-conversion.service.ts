import type { Account } from "../../../core/accounts/account.entity";
import { accountsService, findAccount } from "../../../core/accounts/accounts.service";
import { ContactPointKind } from "../../../core/contacts/contact-point.entity";
import type { Contact } from "../../../core/contacts/contact.entity";
import type { ContactPointInput } from "../../../core/contacts/contact.types";
import { contactsService, findContact } from "../../../core/contacts/contacts.service";
import { cleanText } from "../../../core/contacts/record-writer";
import { atomically, failed, notFound, refuse, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { rowIdOf, toGlobalId } from "../../../core/graphql/relay/global-id";
import { Lead, LeadAuthority, LeadStatus } from "../entities/lead.entity";
import { Opportunity, OpportunityContactRole } from "../entities/opportunity.entity";
import type { LeadConvertAccountInput, LeadConvertContactInput, LeadConvertInput, LeadConvertOpportunityInput } from "../graphql/lead.types";
import { OpportunityCreateInput } from "../graphql/opportunity.types";
import { LeadErrorCode, convertedError, findLead, noteAction } from "./lead-rules";
import type { LeadWork } from "./leads.service";
import { opportunitiesService } from "./opportunities.service";

export type ConversionResult = ServiceResult<Lead, { account: Account; contact: Contact; opportunity: Opportunity | null }>;

type Part = "account" | "contact" | "opportunity";

/** A part's userErrors under its own input: core's ["input", "name"] becomes ["input", "account", "name"]. */
function under(part: Part, errors: readonly UserError[]): UserError[] {
  return errors.map((error) => userError(["input", part, ...(error.field ?? ["input"]).slice(1)], error.code, error.message));
}

/** Stops the conversion, undoing every part written so far, when a part was refused. */
function orRefuse<T>(part: Part, result: ServiceResult<T>): T {
  if (failed(result)) refuse(under(part, result.errors));
  return result.record;
}

const ownerOf = (lead: Lead): string | undefined => (lead.ownerId ? toGlobalId("User", lead.ownerId) : undefined);

/**
 * Turns a lead into an account, a contact linked to it and optionally an opportunity, all or
 * nothing: each part goes through core's (or the opportunities') service, which validates it,
 * and a refused part undoes the parts written before it. What the lead became is then on the
 * lead, which stays as the record of the conversion and no longer changes.
 */
export class LeadConversionService {
  async convert({ uow }: LeadWork, id: string, input: LeadConvertInput): Promise<ConversionResult> {
    const lead = await findLead(uow.scope, id);
    if (!lead) return { errors: [notFound(["input", "id"], "lead")] };
    const errors = convertedError(lead);
    if (lead.status === LeadStatus.DISQUALIFIED) {
      errors.push(userError(["input", "id"], LeadErrorCode.LEAD_DISQUALIFIED, "The lead is disqualified; reopen it (status WORKING) before converting it."));
    }
    if (input.opportunity && lead.status !== LeadStatus.QUALIFIED && errors.length === 0) {
      errors.push(userError(["input", "opportunity"], LeadErrorCode.NOT_QUALIFIED, "Qualify the lead (leadQualify) before opening an opportunity from it."));
    }
    if (errors.length > 0) return { errors };

    const converted = await atomically(
      uow,
      async () => {
        const account = await this.account(uow, lead, input.account);
        const contact = await this.contact(uow, lead, account, input.contact);
        const opportunity = input.opportunity ? await this.opportunity(uow, lead, account, contact, input.opportunity) : null;
        const now = new Date();
        noteAction(uow, lead, now);
        Object.assign(lead, {
          status: LeadStatus.CONVERTED,
          convertedAt: now,
          convertedAccountId: account.id,
          convertedContactId: contact.id,
          convertedOpportunityId: opportunity?.id ?? null,
          respondBy: null,
        });
        await uow.scope.save(lead);
        return { record: lead, account, contact, opportunity };
      },
      () => [userError(["input", "id"], UserErrorCode.CONFLICT, "Something changed while converting the lead; try again.")],
    );
    if (failed(converted)) return converted;
    await uow.emit("sfa.lead.converted.v1", {
      leadId: lead.id,
      accountId: converted.account.id,
      contactId: converted.contact.id,
      opportunityId: converted.opportunity?.id ?? null,
      ownerId: lead.ownerId,
    });
    return converted;
  }

  /** An existing account the caller sees, or a new one named after the lead's company (or `name`). */
  private async account(uow: UnitOfWork, lead: Lead, input: LeadConvertAccountInput | null | undefined): Promise<Account> {
    if (input?.id) {
      const field = ["input", "account", "id"];
      const decoded = rowIdOf(input.id, "Account", field);
      if (decoded.rowId === null) refuse(decoded.errors);
      const account = await findAccount(uow.scope, decoded.rowId!);
      return account ?? refuse([notFound(field, "account")]);
    }
    const name = cleanText(input?.name) ?? lead.company;
    if (!name) refuse([userError(["input", "account", "name"], UserErrorCode.REQUIRED, "The lead has no company: name the account, or convert into an existing one.")]);
    const created = await accountsService.createAccount(uow, {
      name: name!,
      domain: lead.website,
      region: lead.region,
      country: lead.country,
      ownerId: ownerOf(lead),
    });
    return orRefuse("account", created);
  }

  /** An existing contact, linked to the account, or a new one made from the lead. */
  private async contact(uow: UnitOfWork, lead: Lead, account: Account, input: LeadConvertContactInput | null | undefined): Promise<Contact> {
    if (input?.id) {
      const field = ["input", "contact", "id"];
      const decoded = rowIdOf(input.id, "Contact", field);
      if (decoded.rowId === null) refuse(decoded.errors);
      const contact = await findContact(uow.scope, decoded.rowId!);
      if (!contact) refuse([notFound(field, "contact")]);
      return orRefuse("contact", await contactsService.linkAccount(uow, contact!.id, { accountId: account.globalId }));
    }
    const points: ContactPointInput[] = [];
    if (lead.email) points.push({ kind: ContactPointKind.EMAIL, value: lead.email, isPrimary: true });
    if (lead.phone) points.push({ kind: ContactPointKind.PHONE, value: lead.phone, isPrimary: true });
    const created = await contactsService.createContact(uow, {
      firstName: lead.firstName,
      lastName: lead.lastName,
      title: lead.title,
      contactPoints: points,
      accounts: [{ accountId: account.globalId, isPrimary: true }],
      ownerId: ownerOf(lead),
    });
    return orRefuse("contact", created);
  }

  /** A deal with the account, its contact as the primary one, owned by the lead's owner and traced back to the lead. */
  private async opportunity(uow: UnitOfWork, lead: Lead, account: Account, contact: Contact, input: LeadConvertOpportunityInput): Promise<Opportunity> {
    const sameCurrency = lead.budgetCurrency !== null && lead.budgetCurrency === input.currency.trim().toUpperCase();
    const created = await opportunitiesService.create(
      uow,
      Object.assign(new OpportunityCreateInput(), {
        name: cleanText(input.name) ?? account.name,
        accountId: account.globalId,
        currency: input.currency,
        expectedCloseDate: input.expectedCloseDate,
        amount: input.amount ?? (sameCurrency ? lead.budgetAmount : null),
        pipelineId: input.pipelineId,
        stageId: input.stageId,
        ownerId: ownerOf(lead),
        contacts: [
          {
            contactId: contact.globalId,
            role: lead.authority === LeadAuthority.DECISION_MAKER ? OpportunityContactRole.DECISION_MAKER : OpportunityContactRole.OTHER,
            isPrimary: true,
          },
        ],
      }),
    );
    const opportunity = orRefuse("opportunity", created);
    opportunity.leadId = lead.id;
    return uow.scope.save(opportunity);
  }
}

export const leadConversionService = new LeadConversionService();
