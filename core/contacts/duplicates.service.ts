import { Brackets, In } from "typeorm";
import { Field, ObjectType, createUnionType, registerEnumType } from "type-graphql";
import { Account } from "../accounts/account.entity";
import type { TenantScope } from "../db/tenant-scope";
import { userError, type UserError } from "../graphql/payload";
import { nodeTypeName } from "../graphql/relay/node";
import { ContactPoint, ContactPointKind } from "./contact-point.entity";
import { AccountContact, Contact } from "./contact.entity";
import { liveContacts } from "./contact.queries";
import { foldText } from "./normalize";

export enum DuplicateReason {
  EMAIL = "EMAIL",
  PHONE = "PHONE",
  NAME_AND_COMPANY = "NAME_AND_COMPANY",
  NAME = "NAME",
  DOMAIN = "DOMAIN",
}
registerEnumType(DuplicateReason, {
  name: "DuplicateReason",
  description: "Why two records are probably the same person or company.",
  valuesConfig: {
    EMAIL: { description: "A contact has the same (normalised) email address." },
    PHONE: { description: "A contact has the same phone number (E.164)." },
    NAME_AND_COMPANY: { description: "A contact has the same name and works at an account of the same name." },
    NAME: { description: "An account has the same name, ignoring case, punctuation and legal suffixes." },
    DOMAIN: { description: "An account has the same web domain." },
  },
});

export const DuplicateRecord = createUnionType({
  name: "DuplicateRecord",
  types: () => [Account, Contact] as const,
  resolveType: (value) => nodeTypeName(value),
});

/** A warning, not a refusal: the write happened unless the client asked to reject duplicates. */
@ObjectType({ description: "A record of yours that is probably the same person or company as the one written." })
export class DuplicateMatch {
  @Field(() => DuplicateRecord)
  record: Account | Contact;

  @Field(() => DuplicateReason, { description: "The strongest reason; a record is listed once." })
  reason: DuplicateReason;

  @Field(() => String, { description: "What both records share: the email, the phone number or the name." })
  value: string;
}

/** Enough to judge a record; a client wanting all of them should ask for a merge review instead. */
const MAX_MATCHES = 20;

/** Fax is left out: an office's fax line is shared by colleagues, who are not the same person. */
const PHONE_KINDS = [ContactPointKind.PHONE, ContactPointKind.SMS];

function match(record: Account | Contact, reason: DuplicateReason, value: string): DuplicateMatch {
  return Object.assign(new DuplicateMatch(), { record, reason, value });
}

/** The userError code of a write refused because `rejectDuplicates` was set and duplicates exist. */
export const DUPLICATE = "DUPLICATE";

export function duplicateError(duplicates: readonly DuplicateMatch[]): UserError {
  const reasons = [...new Set(duplicates.map((duplicate) => duplicate.reason))].join(", ");
  return userError(["input", "rejectDuplicates"], DUPLICATE, `Probable duplicates exist (${reasons}); nothing was written.`);
}

/**
 * Contacts the reader can see that are probably `contact`: same email, same phone, or same name at
 * a company of the same name. Reads the contact as written in this transaction; rows merged away
 * and other tenants' rows never match.
 */
export async function findContactDuplicates(scope: TenantScope, contact: Contact): Promise<DuplicateMatch[]> {
  const whole = scope.unrestricted();
  const own = await whole.findBy(ContactPoint, { contactId: contact.id, kind: In([ContactPointKind.EMAIL, ...PHONE_KINDS]) });
  const emails = own.filter((point) => point.kind === ContactPointKind.EMAIL).map((point) => point.normalized);
  const phones = own.filter((point) => point.kind !== ContactPointKind.EMAIL).map((point) => point.normalized);
  const shared =
    emails.length + phones.length === 0
      ? []
      : await whole
          .query(ContactPoint, "p")
          .andWhere("p.contactId <> :self", { self: contact.id })
          .andWhere(
            new Brackets((either) => {
              if (emails.length > 0) either.orWhere("(p.kind = :emailKind AND p.normalized IN (:...emails))", { emailKind: ContactPointKind.EMAIL, emails });
              if (phones.length > 0) either.orWhere("(p.kind IN (:...phoneKinds) AND p.normalized IN (:...phones))", { phoneKinds: PHONE_KINDS, phones });
            }),
          )
          .orderBy("p.id")
          .limit(MAX_MATCHES * 4)
          .getMany();

  const matches = new Map<string, DuplicateMatch>();
  if (shared.length > 0) {
    const candidates = await liveContacts(scope)
      .andWhere("c.id IN (:...candidateIds)", { candidateIds: [...new Set(shared.map((point) => point.contactId))] })
      .getMany();
    const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
    // Emails first: the strongest reason is the one reported.
    for (const point of [...shared].sort((a, b) => Number(b.kind === ContactPointKind.EMAIL) - Number(a.kind === ContactPointKind.EMAIL))) {
      const candidate = byId.get(point.contactId);
      if (candidate && !matches.has(candidate.id)) {
        matches.set(candidate.id, match(candidate, point.kind === ContactPointKind.EMAIL ? DuplicateReason.EMAIL : DuplicateReason.PHONE, point.normalized));
      }
    }
  }
  for (const namesake of await sameNameAtSameCompany(scope, contact)) {
    if (!matches.has(namesake.id)) matches.set(namesake.id, match(namesake, DuplicateReason.NAME_AND_COMPANY, `${contact.firstName} ${contact.lastName}`.trim()));
  }
  return [...matches.values()].slice(0, MAX_MATCHES);
}

async function sameNameAtSameCompany(scope: TenantScope, contact: Contact): Promise<Contact[]> {
  const companies = await scope
    .unrestricted()
    .query(Account, "a")
    .innerJoin(AccountContact, "l", "l.accountId = a.id AND l.tenantId = a.tenantId")
    .andWhere("l.contact_id = :contactId", { contactId: contact.id })
    .andWhere("a.normalizedName <> ''")
    .getMany();
  if (companies.length === 0) return [];
  // The collation already ignores case and accents; folding then also ignores punctuation and spacing.
  const namesakes = await liveContacts(scope)
    .andWhere("c.id <> :self", { self: contact.id })
    .andWhere("c.firstName = :firstName AND c.lastName = :lastName", { firstName: contact.firstName, lastName: contact.lastName })
    .andWhere(
      `c.id IN (SELECT l.contact_id FROM account_contact l INNER JOIN account a ON a.id = l.account_id AND a.tenant_id = l.tenant_id
        WHERE l.tenant_id = :companyTenant AND a.normalized_name IN (:...companies) AND a.merged_into_id IS NULL)`,
      { companyTenant: scope.tenantId, companies: companies.map((company) => company.normalizedName) },
    )
    .orderBy("c.id")
    .limit(MAX_MATCHES)
    .getMany();
  const name = (c: Contact) => `${foldText(c.firstName)}|${foldText(c.lastName)}`;
  return namesakes.filter((namesake) => name(namesake) === name(contact));
}

/** Accounts the reader can see with the same web domain or the same normalised name; domain is the stronger reason. */
export async function findAccountDuplicates(scope: TenantScope, account: Account): Promise<DuplicateMatch[]> {
  // One lookup per reason, so each uses its own index; an OR of the two would read the whole tenant.
  const sharing = async (column: "domain" | "normalizedName", value: string | null): Promise<Account[]> =>
    value
      ? scope
          .query(Account, "a")
          .andWhere("a.mergedIntoId IS NULL")
          .andWhere("a.id <> :self", { self: account.id })
          .andWhere(`a.${column} = :shared`, { shared: value })
          .orderBy("a.id")
          .limit(MAX_MATCHES)
          .getMany()
      : [];
  const matches = new Map<string, DuplicateMatch>();
  for (const candidate of await sharing("domain", account.domain)) matches.set(candidate.id, match(candidate, DuplicateReason.DOMAIN, account.domain!));
  for (const candidate of await sharing("normalizedName", account.normalizedName)) {
    if (!matches.has(candidate.id)) matches.set(candidate.id, match(candidate, DuplicateReason.NAME, account.name));
  }
  return [...matches.values()].slice(0, MAX_MATCHES);
}
