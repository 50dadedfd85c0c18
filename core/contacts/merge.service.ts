import { In, Not, type EntityTarget, type FindOptionsWhere, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { Account } from "../accounts/account.entity";
import { ancestorsOf, liveAccounts } from "../accounts/accounts.service";
import { ConsentRecord, ContactDecision, ContactPolicy } from "../consent/consent.entities";
import type { UnitOfWork } from "../db/unit-of-work";
import { GdprRequest } from "../gdpr/gdpr-request.entity";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { InteractionParticipant } from "../interactions/interaction.entity";
import { participantKey } from "../interactions/timeline.service";
import type { ModuleManifest } from "../kernel/module";
import { moveTags } from "../tagging/tags.service";
import type { ContactPoint } from "./contact-point.entity";
import { copyPrimaries, pointsOf, reconcilePointPrimaries, reconcilePrimary } from "./contact-points.service";
import { AccountContact, Contact } from "./contact.entity";
import { liveContacts } from "./contact.queries";
import { runMergeHooks, type MergeParties } from "./merge.hooks";
import { assignDefined } from "./record-writer";
import type { ServiceResult } from "./service-result";

type Party = "contact" | "account";

/**
 * Merges duplicates: everything that referenced the merged record (contact points, account links,
 * tags, interactions, consent, contact policy and decisions, GDPR requests, and each module's rows
 * through the merge hooks) moves to the survivor in the caller's transaction; the merged record
 * then points at the survivor and is hidden everywhere. The survivor's values win; its empty
 * fields are filled from the merged record.
 */
export class MergeService {
  constructor(private readonly modules: readonly ModuleManifest[]) {}

  /** Ids are row ids; both contacts must be live and visible to the caller. */
  async mergeContacts(uow: UnitOfWork, parties: MergeParties): Promise<ServiceResult<Contact>> {
    const pair = await lockPair(liveContacts(uow.scope), "c", parties, "contact");
    if ("errors" in pair) return pair;
    const [survivor, merged] = pair.record;
    const whole = uow.scope.unrestricted();

    // Contact points: an exact twin (same kind and normalised value) is dropped; the survivor's primaries win.
    const points = await pointsOf(whole, survivor.id);
    const moved: ContactPoint[] = [];
    for (const point of await pointsOf(whole, merged.id)) {
      if (points.some((kept) => kept.kind === point.kind && kept.normalized === point.normalized)) {
        await whole.remove(point);
      } else {
        point.contactId = survivor.id;
        points.push(point);
        moved.push(point);
      }
    }
    for (const point of new Set([...moved, ...reconcilePointPrimaries(points)])) await whole.save(point);
    copyPrimaries(survivor, points);

    await mergeLinks(uow, "contactId", parties);
    await moveTags(uow, "Contact", merged.id, survivor.id);
    await repointParticipants(uow, "contact", parties);
    for (const entity of [ConsentRecord, ContactDecision, GdprRequest]) await repoint(uow, entity, "contactId", parties);
    // One contact policy per contact: the survivor's stands; the merged one's moves over only when the survivor has none.
    if (await uow.manager.existsBy(ContactPolicy, { tenantId: uow.tenantId, contactId: survivor.id })) {
      await uow.manager.delete(ContactPolicy, { tenantId: uow.tenantId, contactId: merged.id });
    } else {
      await repoint(uow, ContactPolicy, "contactId", parties);
    }
    await runMergeHooks(this.modules, "mergeContacts", uow, parties);

    const gaps = fillGaps(survivor, merged, ["title", "timeZone", "language", "externalId"]);
    await retire(uow, Contact, merged, survivor.id, { primaryEmail: null, primaryPhone: null, externalId: gaps.externalId === undefined ? merged.externalId : null });
    assignDefined(survivor, gaps);
    await whole.save(survivor);
    await uow.emit("core.contact.merged.v1", { survivorId: survivor.id, mergedId: merged.id });
    return { record: survivor };
  }

  /** Ids are row ids; both accounts must be live and visible to the caller. */
  async mergeAccounts(uow: UnitOfWork, parties: MergeParties): Promise<ServiceResult<Account>> {
    const pair = await lockPair(liveAccounts(uow.scope), "a", parties, "account");
    if ("errors" in pair) return pair;
    const [survivor, merged] = pair.record;

    // The merged account's children move under the survivor; those on the way down to the survivor
    // (the survivor itself included) take the merged account's place instead, or the tree would loop.
    const survivorLine = await ancestorsOf(uow.scope, survivor.id);
    const inPlace = { tenantId: uow.tenantId, parentId: merged.id };
    await reparent(uow, { ...inPlace, id: In(survivorLine) }, merged.parentId);
    await reparent(uow, { ...inPlace, id: Not(In(survivorLine)) }, survivor.id);
    if (survivor.parentId === merged.id) survivor.parentId = merged.parentId;

    await mergeLinks(uow, "accountId", parties);
    await moveTags(uow, "Account", merged.id, survivor.id);
    await repointParticipants(uow, "account", parties);
    await runMergeHooks(this.modules, "mergeAccounts", uow, parties);

    // The survivor keeps its place in the hierarchy: taking the merged account's parent could close a loop.
    const gaps = fillGaps(survivor, merged, ["domain", "industry", "employeeCount", "region", "country", "externalId"]);
    await retire(uow, Account, merged, survivor.id, { externalId: gaps.externalId === undefined ? merged.externalId : null });
    assignDefined(survivor, gaps);
    await uow.scope.unrestricted().save(survivor);
    await uow.emit("core.account.merged.v1", { survivorId: survivor.id, mergedId: merged.id });
    return { record: survivor };
  }
}

/**
 * Both records, locked in id order (so two merges of the same pair cannot deadlock or cross), or
 * userErrors: merging a record into itself is INVALID; an unknown, hidden or other tenant's id is
 * NOT_FOUND, alike.
 */
async function lockPair<T extends Contact | Account>(
  live: SelectQueryBuilder<T>,
  alias: string,
  { survivorId, mergedId }: MergeParties,
  what: Party,
): Promise<{ record: [T, T] } | { errors: UserError[] }> {
  if (survivorId === mergedId) return { errors: [userError(["input", "mergedId"], UserErrorCode.INVALID, `The ${what} cannot be merged into itself.`)] };
  const rows = await live
    .andWhere(`${alias}.id IN (:...mergeIds)`, { mergeIds: [survivorId, mergedId] })
    .orderBy(`${alias}.id`)
    .setLock("pessimistic_write")
    .getMany();
  const survivor = rows.find((row) => row.id === survivorId);
  const merged = rows.find((row) => row.id === mergedId);
  const errors = [
    ...(survivor ? [] : [userError(["input", "survivorId"], UserErrorCode.NOT_FOUND, `No such ${what}.`)]),
    ...(merged ? [] : [userError(["input", "mergedId"], UserErrorCode.NOT_FOUND, `No such ${what}.`)]),
  ];
  return survivor && merged ? { record: [survivor, merged] } : { errors };
}

async function reparent(uow: UnitOfWork, where: FindOptionsWhere<Account>, parentId: string | null): Promise<void> {
  await uow.manager.createQueryBuilder().update(Account).set({ parentId }).where(where).execute();
}

/** The merged record's values for the fields the survivor leaves empty. */
function fillGaps<T extends Contact | Account, K extends keyof T>(survivor: T, merged: T, fields: readonly K[]): Partial<Pick<T, K>> {
  const gaps: Partial<Pick<T, K>> = {};
  for (const field of fields) if (survivor[field] === null && merged[field] !== null) gaps[field] = merged[field];
  return gaps;
}

/** Marks the merged record as merged into the survivor, and re-points records merged into it earlier, so no chain forms. */
async function retire<T extends Contact | Account>(uow: UnitOfWork, entity: new () => T, merged: T, survivorId: string, clear: Partial<T>): Promise<void> {
  await uow.manager
    .createQueryBuilder()
    .update(entity as EntityTarget<Contact | Account>)
    .set({ mergedIntoId: survivorId })
    .where({ tenantId: uow.tenantId, mergedIntoId: merged.id })
    .execute();
  // Saved through the scope, so the audit log records the merge on the merged record.
  await uow.scope.unrestricted().save(Object.assign(merged, clear, { mergedIntoId: survivorId }));
}

/**
 * Moves the merged record's account links to the survivor. A link the survivor already has stays
 * (taking the merged link's role if it had none). Merging contacts, the survivor's primary account
 * stays primary; merging accounts, a contact whose primary was the merged account keeps the survivor as primary.
 */
async function mergeLinks(uow: UnitOfWork, side: "contactId" | "accountId", { survivorId, mergedId }: MergeParties): Promise<void> {
  const other = side === "contactId" ? "accountId" : "contactId";
  const tenantId = uow.tenantId;
  const links = await uow.manager.find(AccountContact, { where: { tenantId, [side]: In([survivorId, mergedId]) }, order: { [other]: "ASC" } });
  const kept = links.filter((link) => link[side] === survivorId);
  const moving = links.filter((link) => link[side] === mergedId);
  if (moving.length === 0) return;
  await uow.manager.delete(AccountContact, { tenantId, [side]: mergedId });
  const changed = new Set<AccountContact>();
  for (const link of moving) {
    const twin = kept.find((candidate) => candidate[other] === link[other]);
    if (twin) {
      twin.role ??= link.role;
      if (side === "accountId" && link.isPrimary) twin.isPrimary = true;
      changed.add(twin);
    } else {
      const relinked = uow.manager.create(AccountContact, { ...link, [side]: survivorId });
      kept.push(relinked);
      changed.add(relinked);
    }
  }
  if (side === "contactId") for (const flipped of reconcilePrimary(kept)) changed.add(flipped);
  await uow.manager.save(AccountContact, [...changed]);
}

/**
 * Timeline rows: where both records took part in the same interaction, the merged one's row goes;
 * the others move to the survivor, with the participant key the timeline would give it.
 */
async function repointParticipants(uow: UnitOfWork, party: Party, { survivorId, mergedId }: MergeParties): Promise<void> {
  const column = party === "contact" ? "contact_id" : "account_id";
  await uow.manager.query(
    `DELETE m FROM interaction_participant m
       INNER JOIN interaction_participant s ON s.tenant_id = m.tenant_id AND s.interaction_id = m.interaction_id AND s.${column} = ?
     WHERE m.tenant_id = ? AND m.${column} = ?`,
    [survivorId, uow.tenantId, mergedId],
  );
  const property = party === "contact" ? "contactId" : "accountId";
  await uow.manager
    .createQueryBuilder()
    .update(InteractionParticipant)
    .set({ [property]: survivorId, participantKey: participantKey[party](survivorId) })
    .where({ tenantId: uow.tenantId, [property]: mergedId })
    .execute();
}

/** Points the rows of `entity` that reference the merged record at the survivor. */
async function repoint<T extends ObjectLiteral>(uow: UnitOfWork, entity: EntityTarget<T>, column: string, { survivorId, mergedId }: MergeParties): Promise<void> {
  await uow.manager
    .createQueryBuilder()
    .update(entity)
    .set({ [column]: survivorId } as never)
    .where({ tenantId: uow.tenantId, [column]: mergedId })
    .execute();
}
