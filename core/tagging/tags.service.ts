import { In, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { writeAuditEntry } from "../audit/audit-writer";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { groupBy, scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { RecordTag } from "./record-tag.entity";

export type TaggedType = RecordTag["recordType"];

export const MAX_TAGS = 50;
const TAG_MAX_LENGTH = 64;

/**
 * Tags as stored: trimmed, inner spaces collapsed, and one per spelling that differs only in case,
 * because the column's collation would refuse "VIP" next to "vip" anyway.
 */
export function normalizeTags(raw: readonly string[], field: string[]): { tags: string[]; errors: UserError[] } {
  const tags = new Map<string, string>();
  const errors: UserError[] = [];
  raw.forEach((value, index) => {
    const tag = value.trim().replace(/\s+/g, " ");
    if (tag.length === 0 || tag.length > TAG_MAX_LENGTH) {
      errors.push(userError([...field, String(index)], UserErrorCode.INVALID, `A tag has 1 to ${TAG_MAX_LENGTH} characters.`));
    } else if (!tags.has(tag.toLowerCase())) {
      tags.set(tag.toLowerCase(), tag);
    }
  });
  if (tags.size > MAX_TAGS) errors.push(userError(field, UserErrorCode.INVALID, `A record has at most ${MAX_TAGS} tags.`));
  return { tags: [...tags.values()], errors };
}

/**
 * Replaces a record's tags. Tags are not TenantEntities, so the tenant is pinned here, and the
 * change is audited by hand on the record itself.
 */
export async function replaceTags(uow: UnitOfWork, recordType: TaggedType, recordId: string, tags: readonly string[]): Promise<void> {
  const tenantId = uow.tenantId;
  const [before] = await tagsByRecord(uow.scope, recordType, [recordId]);
  if (JSON.stringify(before) === JSON.stringify([...tags].sort(byTag))) return;
  await uow.manager.delete(RecordTag, { tenantId, recordType, recordId });
  if (tags.length > 0) await uow.manager.insert(RecordTag, tags.map((tag) => ({ tenantId, recordType, recordId, tag })));
  await writeAuditEntry(uow, { entityType: recordType, entityId: recordId, changes: { tags: { before: before!, after: [...tags].sort(byTag) } } });
}

/** Gives the survivor of a merge the loser's tags too; a tag both had is kept once. */
export async function moveTags(uow: UnitOfWork, recordType: TaggedType, fromId: string, toId: string): Promise<void> {
  const tenantId = uow.tenantId;
  const moved = await uow.manager.findBy(RecordTag, { tenantId, recordType, recordId: fromId });
  if (moved.length === 0) return;
  await uow.manager
    .createQueryBuilder()
    .insert()
    .into(RecordTag)
    .values(moved.map(({ tag }) => ({ tenantId, recordType, recordId: toId, tag })))
    .orIgnore()
    .execute();
  await uow.manager.delete(RecordTag, { tenantId, recordType, recordId: fromId });
}

/** Narrows a list of `recordType` rows (aliased `alias`) to those tagged `tag`. */
export function whereTagged<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, alias: string, recordType: TaggedType, tag: string): void {
  query.andWhere(
    `${alias}.id IN (SELECT rt.record_id FROM record_tag rt WHERE rt.tenant_id = ${alias}.tenant_id AND rt.record_type = :tagRecordType AND rt.tag = :tag)`,
    { tagRecordType: recordType, tag: tag.trim().replace(/\s+/g, " ") },
  );
}

/** The order tags are read in, as the column's case-insensitive collation sorts them. */
function byTag(a: string, b: string): number {
  return a.localeCompare(b, "en", { sensitivity: "base" });
}

/** Reads the tags of many records in one statement. */
export async function tagsByRecord(scope: TenantScope, recordType: TaggedType, recordIds: readonly string[]): Promise<string[][]> {
  const rows = await scope.manager.find(RecordTag, {
    where: { tenantId: scope.tenantId, recordType, recordId: In([...recordIds]) },
    order: { tag: "ASC" },
  });
  return groupBy(recordIds, rows, (row) => row.recordId).map((tags) => tags.map((row) => row.tag));
}

/** A record's tags, batched per request. */
export function tagsOf(context: RequestContext, recordType: TaggedType, recordId: string): Promise<string[]> {
  return scopedLoader(context, `core.tags:${recordType}`, (scope, ids) => tagsByRecord(scope, recordType, ids)).load(recordId);
}
