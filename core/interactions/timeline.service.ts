import { In } from "typeorm";
import { Account } from "../accounts/account.entity";
import { Contact } from "../contacts/contact.entity";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { ErrorCode, clientError } from "../graphql/errors";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../graphql/relay/connection";
import { paginateGroups } from "../graphql/relay/grouped-connection";
import { User } from "../identity/identity.entities";
import { Interaction, InteractionChannel, InteractionDirection, InteractionParticipant } from "./interaction.entity";

/** A participant row's key: `c:<contactId>` or `a:<accountId>`. */
export type ParticipantKey = `c:${string}` | `a:${string}`;

export const participantKey = {
  contact: (contactId: string): ParticipantKey => `c:${contactId}`,
  account: (accountId: string): ParticipantKey => `a:${accountId}`,
};

/** What happened, with whom, as the timeline's writers describe it. Ids are row ids. */
export interface TimelineEntry {
  channel: InteractionChannel;
  direction: InteractionDirection;
  occurredAt: Date;
  subject?: string | null;
  body?: string | null;
  /** e.g. answered, voicemail, bounced, meeting held. */
  outcome?: string | null;
  /** The staff user who handled it. */
  userId?: string | null;
  participants: {
    contactIds?: readonly string[];
    accountIds?: readonly string[];
    /** The part a participant played (caller, recipient, cc, attendee…); each must be listed above. */
    roles?: readonly { participant: ParticipantKey; role: string }[];
  };
  /** The module record the interaction belongs to, e.g. `{ module: "css", type: "Ticket", id: <global id> }`. */
  source?: { module: string; type: string; id: string } | null;
}

/** The entry was refused; nothing was written. Paths are relative to the entry. */
export class TimelineInputError extends Error {
  override name = "TimelineInputError";

  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((error) => `${(error.field ?? []).join(".")}: ${error.message}`).join("; "));
  }
}

export interface TimelineFilter {
  /** Only these channels; an empty list matches nothing. */
  channels?: readonly InteractionChannel[] | null;
  /** Inclusive. */
  from?: Date | null;
  /** Exclusive, so windows can be chained. */
  to?: Date | null;
}

/** Whose timeline: a contact's or an account's. */
export type TimelineOf = "contact" | "account";

/** Newest first; the interaction id breaks ties between interactions at the same moment. */
const TIMELINE_ORDER: readonly SortKey<Interaction>[] = [
  { column: "p.occurred_at", value: (i) => i.occurredAt, direction: "DESC" },
  { column: "p.interaction_id", value: (i) => i.id, direction: "DESC" },
];

export const MAX_PARTICIPANTS = 100;
export const LIMITS = { subject: 300, outcome: 120, body: 1_000_000, role: 40, sourceType: 64, sourceId: 64 } as const;
/** How far ahead of this server's clock an occurrence may be: other machines' clocks drift. */
const CLOCK_SKEW_MS = 5 * 60_000;
const MODULE_NAME = /^[a-z][a-z0-9]{1,15}$/;

/**
 * The unified history of every contact with the customer, on every channel. THE way anything
 * writes to it: core's `interactionRecord` and every module (through `services.timeline`), so
 * every interaction has one participant row per contact and per account and appears on each of
 * their timelines. Reads are keyset pages over the participant rows, one index range each.
 */
export class TimelineService {
  /**
   * Validates the entry against the unit of work's scope (every participant must be a contact or
   * account that scope can see), then writes the interaction, its participants and
   * `core.interaction.recorded.v1` in the unit's transaction. Throws TimelineInputError when the
   * entry is refused.
   */
  async record(uow: UnitOfWork, entry: TimelineEntry): Promise<Interaction> {
    const errors = await this.validate(uow.scope, entry);
    if (errors.length > 0) throw new TimelineInputError(errors);
    const contactIds = unique(entry.participants.contactIds ?? []);
    const accountIds = unique(entry.participants.accountIds ?? []);
    const roles = new Map((entry.participants.roles ?? []).map(({ participant, role }) => [participant, role.trim()]));
    const interaction = await uow.scope.save(
      uow.scope.create(Interaction, {
        channel: entry.channel,
        direction: entry.direction,
        occurredAt: entry.occurredAt,
        subject: blankToNull(entry.subject),
        body: blankToNull(entry.body),
        outcome: blankToNull(entry.outcome),
        userId: entry.userId ?? null,
        sourceModule: entry.source?.module ?? null,
        sourceType: entry.source?.type ?? null,
        sourceId: entry.source?.id ?? null,
      }),
    );
    const participant = (key: ParticipantKey, ids: { contactId: string | null; accountId: string | null }) => ({
      interactionId: interaction.id,
      participantKey: key,
      tenantId: uow.tenantId,
      ...ids,
      channel: interaction.channel,
      occurredAt: interaction.occurredAt,
      role: roles.get(key) ?? null,
    });
    await uow.manager.insert(InteractionParticipant, [
      ...contactIds.map((contactId) => participant(participantKey.contact(contactId), { contactId, accountId: null })),
      ...accountIds.map((accountId) => participant(participantKey.account(accountId), { contactId: null, accountId })),
    ]);
    await uow.emit("core.interaction.recorded.v1", {
      interactionId: interaction.id,
      channel: interaction.channel,
      direction: interaction.direction,
      occurredAt: interaction.occurredAt.toISOString(),
      contactIds,
      accountIds,
      source: entry.source ?? null,
    });
    return interaction;
  }

  /** Why the entry would be refused, if it would; paths are relative to the entry. */
  async validate(scope: TenantScope, entry: TimelineEntry): Promise<UserError[]> {
    const errors: UserError[] = [];
    const tooLong = (field: string, value: string | null | undefined, max: number) => {
      if (value != null && value.length > max) errors.push(userError([field], UserErrorCode.INVALID, `${field} is longer than ${max} characters.`));
    };
    tooLong("subject", entry.subject, LIMITS.subject);
    tooLong("outcome", entry.outcome, LIMITS.outcome);
    tooLong("body", entry.body, LIMITS.body);
    if (!Object.values(InteractionChannel).includes(entry.channel)) errors.push(userError(["channel"], UserErrorCode.INVALID, "Unknown channel."));
    if (!Object.values(InteractionDirection).includes(entry.direction)) errors.push(userError(["direction"], UserErrorCode.INVALID, "Unknown direction."));
    if (!(entry.occurredAt instanceof Date) || Number.isNaN(entry.occurredAt.getTime())) {
      errors.push(userError(["occurredAt"], UserErrorCode.INVALID, "occurredAt is not a time."));
    } else if (entry.occurredAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
      errors.push(userError(["occurredAt"], UserErrorCode.INVALID, "The timeline is history: occurredAt cannot be in the future."));
    }
    errors.push(...this.validateSource(entry.source));
    errors.push(...(await this.validateParticipants(scope, entry.participants)));
    if (entry.userId != null && (await scope.count(User, { id: entry.userId })) === 0) {
      errors.push(userError(["userId"], UserErrorCode.NOT_FOUND, "No such user."));
    }
    return errors;
  }

  /**
   * The same page of many contacts' (or accounts') timelines at once, in one statement whatever
   * their number (two with totalCount): a list of contacts each showing its latest interactions costs what one does.
   * Each is a keyset page over the participant rows, on the (tenant, contact or account,
   * occurred_at, interaction_id) index.
   */
  pages(scope: TenantScope, of: TimelineOf, ids: readonly string[], filter: TimelineFilter | null | undefined, args: ConnectionArgs): Promise<Map<string, ConnectionResult<Interaction>>> {
    const { channels, from, to } = filter ?? {};
    if (from != null && to != null && from.getTime() >= to.getTime()) {
      throw clientError(ErrorCode.BAD_USER_INPUT, "`from` must be before `to`.", { argument: "filter" });
    }
    // Not a TenantEntity (keyed by interaction and participant), so the tenant is pinned here.
    const query = scope.manager
      .createQueryBuilder(InteractionParticipant, "p")
      .where("p.tenantId = :tenantId", { tenantId: scope.tenantId })
      .andWhere(of === "contact" ? "p.contactId IN (:...subjectIds)" : "p.accountId IN (:...subjectIds)", { subjectIds: ids });
    if (channels != null) {
      if (channels.length === 0) query.andWhere("1 = 0");
      else query.andWhere("p.channel IN (:...channels)", { channels });
    }
    if (from != null) query.andWhere("p.occurredAt >= :from", { from });
    if (to != null) query.andWhere("p.occurredAt < :to", { to });
    return paginateGroups(query, args, TIMELINE_ORDER, {
      column: of === "contact" ? "p.contact_id" : "p.account_id",
      keys: ids,
      id: "p.interaction_id",
      rows: scope.query(Interaction, "row"),
      idOf: (interaction) => interaction.id,
    });
  }

  private validateSource(source: TimelineEntry["source"]): UserError[] {
    if (source == null) return [];
    const errors: UserError[] = [];
    if (!MODULE_NAME.test(source.module)) errors.push(userError(["source", "module"], UserErrorCode.INVALID, "Not a module name."));
    if (source.type.length === 0 || source.type.length > LIMITS.sourceType) {
      errors.push(userError(["source", "type"], UserErrorCode.INVALID, `Give the record's type, at most ${LIMITS.sourceType} characters.`));
    }
    if (source.id.length === 0 || source.id.length > LIMITS.sourceId) {
      errors.push(userError(["source", "id"], UserErrorCode.INVALID, `Give the record's id, at most ${LIMITS.sourceId} characters.`));
    }
    return errors;
  }

  private async validateParticipants(scope: TenantScope, participants: TimelineEntry["participants"]): Promise<UserError[]> {
    const contactIds = participants.contactIds ?? [];
    const accountIds = participants.accountIds ?? [];
    const errors: UserError[] = [];
    if (contactIds.length === 0 && accountIds.length === 0) {
      errors.push(userError(["participants"], UserErrorCode.REQUIRED, "Name at least one contact or account."));
    }
    for (const [field, ids] of [["contactIds", contactIds], ["accountIds", accountIds]] as const) {
      if (unique(ids).length > MAX_PARTICIPANTS) {
        errors.push(userError(["participants", field], UserErrorCode.INVALID, `At most ${MAX_PARTICIPANTS} participants of a kind.`));
      }
    }
    if (errors.length > 0) return errors;

    // Merged-away rows are hidden everywhere: to a writer they do not exist.
    const contacts = new Map((contactIds.length > 0 ? await scope.findBy(Contact, { id: In(unique(contactIds)) }) : []).map((c) => [c.id, c]));
    const accounts = new Map((accountIds.length > 0 ? await scope.findBy(Account, { id: In(unique(accountIds)) }) : []).map((a) => [a.id, a]));
    contactIds.forEach((id, index) => {
      const contact = contacts.get(id);
      if (!contact || contact.mergedIntoId) errors.push(userError(["participants", "contactIds", String(index)], UserErrorCode.NOT_FOUND, "No such contact."));
      // New history about an erased person would undo the erasure.
      else if (contact.erasedAt) errors.push(userError(["participants", "contactIds", String(index)], UserErrorCode.INVALID, "The contact's data was erased."));
    });
    accountIds.forEach((id, index) => {
      const account = accounts.get(id);
      if (!account || account.mergedIntoId) errors.push(userError(["participants", "accountIds", String(index)], UserErrorCode.NOT_FOUND, "No such account."));
    });
    const listed = new Set<string>([...contactIds.map(participantKey.contact), ...accountIds.map(participantKey.account)]);
    const seen = new Set<string>();
    (participants.roles ?? []).forEach(({ participant, role }, index) => {
      const path = ["participants", "roles", String(index)];
      if (!listed.has(participant)) errors.push(userError([...path, "participant"], UserErrorCode.INVALID, "Not one of the interaction's contacts or accounts."));
      else if (seen.has(participant)) errors.push(userError([...path, "participant"], UserErrorCode.INVALID, "This participant already has a role."));
      seen.add(participant);
      const trimmed = role.trim();
      if (trimmed.length === 0 || trimmed.length > LIMITS.role) {
        errors.push(userError([...path, "role"], UserErrorCode.INVALID, `A role is 1 to ${LIMITS.role} characters.`));
      }
    });
    return errors;
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function blankToNull(text: string | null | undefined): string | null {
  return text == null || text.trim() === "" ? null : text;
}
