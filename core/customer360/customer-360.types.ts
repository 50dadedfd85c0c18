import { Field, ObjectType } from "type-graphql";
import { ContactPolicy } from "../consent/consent.entities";
import { ContactPolicyBestChannel } from "../consent/contact-policy.types";
import { Contact } from "../contacts/contact.entity";

/**
 * One person as a call-centre screen shows them, in one query. The person's own data (accounts,
 * contact points, consent, the full timeline) are fields of `contact`; the view adds what a
 * screen needs on top (reachability now, the latest interactions) and the modules' sections.
 * Each is resolved only when asked for, with the same per-request loaders as the contact's own
 * fields, so the statements a query costs do not grow with the customer's history.
 *
 * Modules add their own sections (open opportunities, open tickets, segments, scores) as fields,
 * with `@FieldResolver(() => Section, { nullable: true })` in a `@Resolver(() => Customer360)`
 * class of their own that reads `customer.contact`; a disabled module's sections are then simply
 * not in the schema, and a tenant that switched the module off gets MODULE_DISABLED for them.
 */
@ObjectType({
  description:
    "Everything about one person a service agent needs, in one query: the contact (with its accounts, contact points and consent), " +
    "whether and how they may be reached now, their latest interactions, and the sections the enabled modules add.",
})
export class Customer360 {
  @Field(() => Contact)
  contact: Contact;

  @Field(() => Date, { description: "The moment the view describes: reachability is as of now." })
  asOf: Date;
}

@ObjectType({ description: "Whether and how the contact may be reached right now: what the contact policy would answer (nothing is recorded)." })
export class Reachability {
  @Field(() => String, { description: "The IANA zone quiet hours are read in: the contact's, or UTC." })
  timeZone: string;

  @Field(() => ContactPolicy, { nullable: true, description: "Quiet hours and frequency cap; null when none are set." })
  policy: ContactPolicy | null;

  @Field(() => ContactPolicyBestChannel, { description: "For SERVICE messages." })
  service: ContactPolicyBestChannel;

  @Field(() => ContactPolicyBestChannel, { description: "For MARKETING messages." })
  marketing: ContactPolicyBestChannel;
}
