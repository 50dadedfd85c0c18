import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { Contact } from "../contacts/contact.entity";
import { contactLoader } from "../contacts/contact.loader";
import { findContact } from "../contacts/contacts.service";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { rowIdOf } from "../graphql/relay/global-id";
import type { CorePermission } from "../identity/permissions";
import { ConsentRecord } from "./consent.entities";
import { currentConsentsOf } from "./consent.loaders";
import { ConsentRecordConnection, ConsentRecordInput, ConsentRecordPayload } from "./consent.types";

export const CONSENT_READ: CorePermission = "consent.read";
export const CONSENT_WRITE: CorePermission = "consent.write";

/** How far ahead of this server's clock a statement may be dated: other machines' clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The contact id of a mutation input as a row id; a malformed one is an INVALID userError on `input.contactId`. */
export function contactIdOf(globalId: string): { contactId: string | null; errors: UserError[] } {
  const { rowId, errors } = rowIdOf(globalId, "Contact", ["input", "contactId"]);
  return { contactId: rowId, errors };
}

export const noSuchContact = () => userError(["input", "contactId"], UserErrorCode.NOT_FOUND, "No such contact.");
export const erasedContact = () => userError(["input", "contactId"], UserErrorCode.INVALID, "The contact's data was erased.");

@Resolver(() => ConsentRecord)
export class ConsentResolver {
  @Authorized(CONSENT_WRITE)
  @Mutation(() => ConsentRecordPayload, {
    description: "Records what a person said about being contacted on a channel for a purpose. History is kept: the latest statement is the consent.",
  })
  async consentRecord(@Arg("input", () => ConsentRecordInput) input: ConsentRecordInput, @Ctx() context: RequestContext): Promise<ConsentRecordPayload> {
    requireTenant(context);
    const payload = new ConsentRecordPayload();
    const { contactId, errors } = contactIdOf(input.contactId);
    const recordedAt = input.recordedAt ?? new Date();
    payload.userErrors = [...(await validateInput(input)), ...errors];
    if (input.source.trim() === "") payload.userErrors.push(userError(["input", "source"], UserErrorCode.REQUIRED, "Say where the consent came from."));
    if (recordedAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      payload.userErrors.push(userError(["input", "recordedAt"], UserErrorCode.INVALID, "recordedAt cannot be in the future."));
    }
    if (payload.userErrors.length > 0) return payload;
    payload.consentRecord = await context.services.transactions.run(workOf(context, "consentRecord"), async (uow) => {
      const contact = await findContact(uow.scope, contactId!);
      if (!contact || contact.erasedAt) {
        payload.userErrors.push(contact ? erasedContact() : noSuchContact());
        return null;
      }
      const record = await uow.scope.save(
        uow.scope.create(ConsentRecord, {
          contactId: contact.id,
          channel: input.channel,
          purpose: input.purpose,
          status: input.status,
          source: input.source.trim(),
          evidence: input.evidence?.trim() ? input.evidence : null,
          recordedAt,
        }),
      );
      await uow.emit("core.consent.recorded.v1", {
        consentRecordId: record.id,
        contactId: contact.id,
        channel: record.channel,
        purpose: record.purpose,
        status: record.status,
        recordedAt: recordedAt.toISOString(),
      });
      return record;
    });
    return payload;
  }

  @FieldResolver(() => Contact, { nullable: true, description: "Null when you cannot see the contact." })
  contact(@Root() record: ConsentRecord, @Ctx() context: RequestContext): Promise<Contact | null> {
    return contactLoader(context).load(record.contactId);
  }
}

@Resolver(() => Contact)
export class ContactConsentResolver {
  @Authorized(CONSENT_READ)
  @FieldResolver(() => [ConsentRecord], { nullable: true, description: "The consent in force: the latest record per channel and purpose." })
  consents(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<ConsentRecord[]> {
    return currentConsentsOf(context, contact.id);
  }

  @Authorized(CONSENT_READ)
  @FieldResolver(() => ConsentRecordConnection, { nullable: true, description: "Every consent statement ever recorded, latest first." })
  consentHistory(@Root() contact: Contact, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<ConsentRecord>> {
    const query = requireTenant(context).query(ConsentRecord, "c").andWhere("c.contactId = :contactId", { contactId: contact.id });
    return paginate(query, args, [
      { column: "c.recorded_at", value: (c) => c.recordedAt, direction: "DESC" },
      { column: "c.id", value: (c) => c.id, direction: "DESC" },
    ]);
  }
}
