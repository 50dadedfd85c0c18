import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { MessagePurpose } from "../consent/consent.entities";
import { contactPolicyOf, currentConsentsOf, sentWithinCapOf } from "../consent/consent.loaders";
import { CONSENT_READ } from "../consent/consent.resolver";
import { bestOf, evaluateChannels, policyTimeZone, type ContactFacts } from "../consent/contact-policy.rules";
import { ContactPointKind } from "../contacts/contact-point.entity";
import { contactLoader, contactPointsOf } from "../contacts/contact.loader";
import { requireTenant, type RequestContext } from "../graphql/context";
import { ErrorCode, clientError } from "../graphql/errors";
import { fromGlobalId } from "../graphql/relay/global-id";
import type { CorePermission } from "../identity/permissions";
import { Interaction } from "../interactions/interaction.entity";
import { INTERACTIONS_READ, timelineOf } from "../interactions/interaction.resolver";
import { Customer360, Reachability } from "./customer-360.types";

const CONTACTS_READ: CorePermission = "contacts.read";

/** How many interactions the screen shows; the full history is `contact.timeline`. */
export const RECENT_INTERACTIONS = 10;

/** Channels a message can go out on, in the order reachability prefers them unless asked otherwise. */
export const MESSAGE_CHANNELS: readonly ContactPointKind[] = [
  ContactPointKind.EMAIL,
  ContactPointKind.SMS,
  ContactPointKind.MESSENGER,
  ContactPointKind.PHONE,
  ContactPointKind.POSTAL,
  ContactPointKind.FAX,
];

@Resolver(() => Customer360)
export class Customer360Resolver {
  @Authorized(CONTACTS_READ)
  @Query(() => Customer360, { nullable: true, description: "One person for a service screen; null if there is no such contact you can see." })
  async customer360(@Arg("contactId", () => ID) contactId: string, @Ctx() context: RequestContext): Promise<Customer360 | null> {
    requireTenant(context);
    const contact = await contactLoader(context).load(fromGlobalId(contactId, "Contact").rowId);
    return contact ? Object.assign(new Customer360(), { contact, asOf: new Date() }) : null;
  }

  @Authorized(CONSENT_READ)
  @FieldResolver(() => Reachability, { nullable: true, description: "What the contact policy would answer now for SERVICE and MARKETING messages." })
  async reachability(
    @Root() customer: Customer360,
    @Arg("channels", () => [ContactPointKind], { nullable: true, description: "Channels in order of preference; by default email, SMS, messenger, phone, post, fax." })
    channels: ContactPointKind[] | null | undefined,
    @Ctx() context: RequestContext,
  ): Promise<Reachability> {
    const asked = [...new Set(channels ?? MESSAGE_CHANNELS)];
    if (asked.length === 0 || asked.length > 8) throw clientError(ErrorCode.BAD_USER_INPUT, "Ask about 1 to 8 channels.", { argument: "channels" });
    const { contact, asOf } = customer;
    // The facts the service reads, from this request's loaders (shared with the contact's own
    // fields), and the same rules; a preview is not a decision, so nothing is recorded.
    const [points, consents, policy, sentAt] = await Promise.all([
      contactPointsOf(context, contact.id),
      currentConsentsOf(context, contact.id),
      contactPolicyOf(context, contact.id),
      sentWithinCapOf(context, contact.id, asOf),
    ]);
    const facts: ContactFacts = { contact, pointKinds: new Set(points.map((point) => point.kind)), consents, policy, sentAt };
    const best = (purpose: MessagePurpose) => {
      const { answers, chosen } = evaluateChannels(facts, asked, purpose, asOf);
      return bestOf(answers, chosen);
    };
    return Object.assign(new Reachability(), {
      timeZone: policyTimeZone(contact),
      policy,
      service: best(MessagePurpose.SERVICE),
      marketing: best(MessagePurpose.MARKETING),
    });
  }

  @Authorized(INTERACTIONS_READ)
  @FieldResolver(() => [Interaction], { nullable: true, description: `The last ${RECENT_INTERACTIONS} interactions, newest first; the full history is \`contact.timeline\`.` })
  async recentInteractions(@Root() customer: Customer360, @Ctx() context: RequestContext): Promise<Interaction[]> {
    return (await timelineOf(context, "contact", customer.contact.id, null, { first: RECENT_INTERACTIONS })).nodes;
  }
}
