import { writeAuditEntry } from "../audit/audit-writer";
import type { AuditChanges } from "../audit/audit-entry.entity";
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Contact } from "../contacts/contact.entity";
import { contactLoader } from "../contacts/contact.loader";
import { findContact } from "../contacts/contacts.service";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { ContactDecision, ContactPolicy, ContactPolicyReason } from "./consent.entities";
import { contactPolicyOf } from "./consent.loaders";
import { CONSENT_READ, CONSENT_WRITE, contactIdOf, erasedContact, noSuchContact } from "./consent.resolver";
import {
  ContactDecisionConnection,
  ContactPolicyCheckInput,
  ContactPolicyCheckPayload,
  ContactPolicySetInput,
  ContactPolicySetPayload,
} from "./contact-policy.types";

/** Who the decisions of `contactPolicyCheck` are recorded as. */
export const CHECK_REQUESTER = "core.check";

/** A pair of settings that mean something only together. */
function pairErrors(first: [name: string, value: unknown], second: [name: string, value: unknown]): UserError[] {
  if ((first[1] == null) === (second[1] == null)) return [];
  const missing = first[1] == null ? first[0] : second[0];
  return [userError(["input", missing], UserErrorCode.REQUIRED, `Set ${first[0]} and ${second[0]} together, or neither.`)];
}

@Resolver()
export class ContactPolicyResolver {
  @Authorized(CONSENT_WRITE)
  @Mutation(() => ContactPolicySetPayload, {
    description: "Replaces a contact's quiet hours and frequency cap; a rule left out is cleared, and clearing both removes the policy.",
  })
  async contactPolicySet(@Arg("input", () => ContactPolicySetInput) input: ContactPolicySetInput, @Ctx() context: RequestContext): Promise<ContactPolicySetPayload> {
    requireTenant(context);
    const payload = new ContactPolicySetPayload();
    const { contactId, errors } = contactIdOf(input.contactId);
    const quiet = { start: input.quietHoursStart ?? null, end: input.quietHoursEnd ?? null };
    const cap = { limit: input.frequencyCap ?? null, hours: input.frequencyCapHours ?? null };
    payload.userErrors = [
      ...(await validateInput(input)),
      ...errors,
      ...pairErrors(["quietHoursStart", quiet.start], ["quietHoursEnd", quiet.end]),
      ...pairErrors(["frequencyCap", cap.limit], ["frequencyCapHours", cap.hours]),
    ];
    if (quiet.start != null && quiet.start === quiet.end) {
      payload.userErrors.push(userError(["input", "quietHoursEnd"], UserErrorCode.INVALID, "Quiet hours must end at another time than they start."));
    }
    if (payload.userErrors.length > 0) return payload;
    payload.contactPolicy = await context.services.transactions.run(workOf(context, "contactPolicySet"), async (uow) => {
      const contact = await findContact(uow.scope, contactId!);
      if (!contact || contact.erasedAt) {
        payload.userErrors.push(contact ? erasedContact() : noSuchContact());
        return null;
      }
      const key = { tenantId: uow.tenantId, contactId: contact.id };
      await uow.emit("core.contactPolicy.changed.v1", { contactId: contact.id });
      const before = await uow.manager.findOneBy(ContactPolicy, key);
      const rules = { quietHoursStart: quiet.start, quietHoursEnd: quiet.end, frequencyCap: cap.limit, frequencyCapHours: cap.hours };
      // The policy row is keyed by contact, not a tenant entity, so the subscriber cannot see it.
      await writeAuditEntry(uow, { entityType: "ContactPolicy", entityId: contact.id, changes: policyChanges(before, rules) });
      if (quiet.start == null && cap.limit == null) {
        await uow.manager.delete(ContactPolicy, key);
        return null;
      }
      await uow.manager.upsert(ContactPolicy, { ...key, ...rules }, ["contactId"]);
      return uow.manager.findOneByOrFail(ContactPolicy, key);
    });
    return payload;
  }

  @Authorized(CONSENT_READ)
  @Query(() => ContactPolicyCheckPayload, {
    description:
      "Asks the contact policy, without sending, which of the channels may reach the contact for the purpose, and when. " +
      "Recorded as a decision (requested by `core.check`) that never counts toward the frequency cap.",
  })
  async contactPolicyCheck(@Arg("input", () => ContactPolicyCheckInput) input: ContactPolicyCheckInput, @Ctx() context: RequestContext): Promise<ContactPolicyCheckPayload> {
    const scope = requireTenant(context);
    const payload = new ContactPolicyCheckPayload();
    const { contactId, errors } = contactIdOf(input.contactId);
    payload.userErrors = [...(await validateInput(input)), ...errors];
    if (payload.userErrors.length > 0) return payload;
    const result = await context.services.contactPolicy.bestChannel(scope, {
      contactId: contactId!,
      purpose: input.purpose,
      channels: input.channels,
      requestedBy: CHECK_REQUESTER,
      at: input.at ?? undefined,
      send: false,
    });
    // Merged-away contacts are hidden from clients: the same answer as for an unknown id.
    const reason = result.answers[0]?.reasonCode;
    if (reason === ContactPolicyReason.CONTACT_NOT_FOUND || reason === ContactPolicyReason.CONTACT_MERGED) payload.userErrors.push(noSuchContact());
    else payload.result = result;
    return payload;
  }
}

@Resolver(() => ContactDecision)
export class ContactDecisionResolver {
  @FieldResolver(() => Contact, { nullable: true, description: "Null when you cannot see the contact." })
  contact(@Root() decision: ContactDecision, @Ctx() context: RequestContext): Promise<Contact | null> {
    return contactLoader(context).load(decision.contactId);
  }
}

@Resolver(() => Contact)
export class ContactPolicyFieldsResolver {
  @Authorized(CONSENT_READ)
  @FieldResolver(() => ContactPolicy, { nullable: true, description: "Quiet hours and frequency cap; null when none are set." })
  contactPolicy(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<ContactPolicy | null> {
    return contactPolicyOf(context, contact.id);
  }

  @Authorized(CONSENT_READ)
  @FieldResolver(() => ContactDecisionConnection, { nullable: true, description: "What the contact policy answered about this contact, latest first." })
  contactDecisions(@Root() contact: Contact, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<ContactDecision>> {
    const query = requireTenant(context).query(ContactDecision, "d").andWhere("d.contactId = :contactId", { contactId: contact.id });
    return paginate(query, args, [
      { column: "d.decided_at", value: (d) => d.decidedAt, direction: "DESC" },
      { column: "d.id", value: (d) => d.id, direction: "DESC" },
    ]);
  }
}

type PolicyRules = Pick<ContactPolicy, "quietHoursStart" | "quietHoursEnd" | "frequencyCap" | "frequencyCapHours">;

function policyChanges(before: ContactPolicy | null, after: PolicyRules): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of Object.keys(after) as (keyof PolicyRules)[]) {
    const previous = before?.[field] ?? null;
    if (previous !== after[field]) changes[field] = { before: previous, after: after[field] };
  }
  return changes;
}
