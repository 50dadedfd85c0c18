import {
  EventSubscriber,
  type EntityMetadata,
  type EntitySubscriberInterface,
  type InsertEvent,
  type ObjectLiteral,
  type RemoveEvent,
  type UpdateEvent,
} from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { TenantEntity } from "../db/tenant-entity";
import type { AuditedQueryRunnerData } from "../db/unit-of-work";
import { AuditAction, AuditEntry, type AuditChanges, type AuditValue } from "./audit-entry.entity";

/**
 * Statics an entity class may declare to shape its audit trail:
 * `static audited = false` keeps it out of the log (counters, caches, bookkeeping);
 * `static auditRedact = ["iban"]` hides more fields than the default secret names.
 */
export interface AuditPolicy {
  audited?: boolean;
  auditRedact?: readonly string[];
}

export const REDACTED = "[redacted]";

/** Credentials and their hashes (passwordHash, keyHash, tokenHash, ...) never reach the log. */
const SECRET_NAME = /(?:hash|password|secret|token)$/i;

/**
 * Writes an AuditEntry for every insert, update and removal of a tenant record, in the same
 * transaction and on the same connection as the write, so the entry exists exactly when the
 * change does. Who, why and which request come from the WorkScope that UnitOfWork puts on the
 * query runner; writes outside a unit of work are recorded as system work.
 *
 * Only writes TypeORM can attribute to one row are seen: `save`, `remove` and `insert`. Bulk
 * `update`/`delete` by criteria (query builder) carry no row and are not recorded.
 */
// Registered through the DataSource's `subscribers`; TypeORM only instantiates decorated classes.
@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface<ObjectLiteral> {
  /** TypeORM then calls this only for TenantEntity subclasses, not for outbox rows and the like. */
  listenTo(): Function {
    return TenantEntity;
  }

  async afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    const rowId = idText(event.entityId) ?? idText(event.metadata.getEntityIdMixedMap(event.entity));
    await record(event, { action: AuditAction.INSERT, rowId, after: event.entity });
  }

  async afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    const { metadata, databaseEntity, entity } = event;
    // Without the row as it was (query-builder updates), there is nothing to diff against.
    if (!databaseEntity || !entity) return;
    // Many-to-one changes arrive as relations; their join columns hold the new foreign keys.
    const joinColumns = event.updatedRelations.flatMap((relation) => relation.joinColumns).filter((column) => column.entityMetadata === metadata);
    const columns = [...new Set([...event.updatedColumns, ...joinColumns])];
    const rowId = idText(metadata.getEntityIdMixedMap(databaseEntity));
    await record(event, { action: AuditAction.UPDATE, rowId, before: databaseEntity, after: entity, columns });
  }

  async afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    // TypeORM has already cleared the removed entity's id; the event and databaseEntity keep it.
    await record(event, { action: AuditAction.DELETE, rowId: idText(event.entityId), before: event.databaseEntity ?? event.entity });
  }
}

type WriteEvent = InsertEvent<ObjectLiteral> | UpdateEvent<ObjectLiteral> | RemoveEvent<ObjectLiteral>;

interface Write {
  action: AuditAction;
  rowId: string | undefined;
  /** The row as it was; absent for an insert. */
  before?: ObjectLiteral;
  /** The row as written; absent for a removal, possibly partial for an update. */
  after?: ObjectLiteral;
  /** Columns that may have changed; all of them unless TypeORM says which. */
  columns?: readonly ColumnMetadata[];
}

async function record(event: WriteEvent, { action, rowId, before, after, columns = event.metadata.columns }: Write): Promise<void> {
  const policy = auditPolicyOf(event.metadata);
  const row = before ?? after;
  if (!policy || rowId === undefined || !row) return;
  const changes = diff(columns, before, after, redactor(policy));
  if (Object.keys(changes).length === 0) return;
  const work = (event.queryRunner.data as AuditedQueryRunnerData).work;
  const tenantId: unknown = row.tenantId ?? work?.tenantId;
  if (typeof tenantId !== "string" && typeof tenantId !== "number") {
    throw new Error(`Cannot audit ${event.metadata.name} ${rowId}: it has no tenantId.`);
  }
  await event.manager
    .createQueryBuilder()
    .insert()
    .into(AuditEntry)
    .values({
      tenantId: String(tenantId),
      actor: work?.actor ?? null,
      operation: work?.operation ?? null,
      action,
      entityType: event.metadata.name,
      entityId: rowId,
      changes,
      requestId: work?.requestId ?? null,
    })
    // One statement: no re-select of generated columns, and no events about the audit row itself.
    .updateEntity(false)
    .callListeners(false)
    .execute();
}

/** The class's policy if it is an audited tenant record, undefined otherwise. */
function auditPolicyOf(metadata: EntityMetadata): AuditPolicy | undefined {
  const target = metadata.target;
  if (typeof target !== "function" || target === AuditEntry || !(target.prototype instanceof TenantEntity)) return undefined;
  const policy = target as Function & AuditPolicy;
  return policy.audited === false ? undefined : policy;
}

function redactor(policy: AuditPolicy): (property: string) => boolean {
  const extra = new Set(policy.auditRedact ?? []);
  return (property) => extra.has(property) || SECRET_NAME.test(property);
}

/** Who owns the row and when it was stamped is recorded by the entry itself, not as a change. */
function isBookkeeping(column: ColumnMetadata): boolean {
  return column.isPrimary || column.propertyName === "tenantId" || column.isCreateDate || column.isUpdateDate || column.isVersion;
}

function diff(
  columns: readonly ColumnMetadata[],
  before: ObjectLiteral | undefined,
  after: ObjectLiteral | undefined,
  isSecret: (property: string) => boolean,
): AuditChanges {
  const changes: AuditChanges = {};
  for (const column of columns) {
    if (isBookkeeping(column)) continue;
    const was = toAuditValue(before && column.getEntityValue(before));
    const is = toAuditValue(after && column.getEntityValue(after));
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    // A secret's change stays visible (set, changed, cleared); its value does not.
    const hide = (value: AuditValue): AuditValue => (value !== null && isSecret(column.propertyPath) ? REDACTED : value);
    changes[column.propertyPath] = { before: hide(was), after: hide(is) };
  }
  return changes;
}

/** JSON as the log keeps it: dates as ISO strings, binary as base64, bigints as strings. */
function toAuditValue(value: unknown): AuditValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return value.toString();
    case "object":
      return JSON.parse(JSON.stringify(value)) as AuditValue;
    default:
      return null;
  }
}

function idText(id: unknown): string | undefined {
  return typeof id === "string" || typeof id === "number" || typeof id === "bigint" ? String(id) : undefined;
}
