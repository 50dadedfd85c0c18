import type { FindOptionsWhere } from "typeorm";
import type { Account } from "../accounts/account.entity";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { normalizeTags, replaceTags, type TaggedType } from "../tagging/tags.service";
import type { Contact } from "./contact.entity";
import { duplicateError, type DuplicateMatch } from "./duplicates.service";
import { atomically, refuse, resolveOwnership, type ServiceResult } from "./service-result";

type CustomerRecord = Account | Contact;

/** What account and contact inputs share. */
export interface SharedInput {
  externalId?: string | null;
  ownerId?: string | null;
  teamId?: string | null;
  tags?: string[] | null;
  rejectDuplicates?: boolean;
}

/** The shared fields once checked, as columns (and tags); `undefined` leaves a column as it is. */
export interface SharedColumns {
  ownerId?: string | null;
  teamId?: string | null;
  externalId?: string | null;
  tags?: string[];
}

export type SavedRecord<T> = ServiceResult<T, { duplicates: DuplicateMatch[] }>;

/** Trimmed text where blank means none: null; `undefined` stays undefined ("leave as is"). */
export function cleanText(value: string | null | undefined): string | null | undefined {
  return value === undefined ? undefined : value?.trim() || null;
}

/** Copies the values that are not undefined: undefined means "leave as is", null means "clear". */
export function assignDefined<T extends object>(target: T, values: { [K in keyof T]?: T[K] | undefined }): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}

/** The checks accounts and contacts share: tags, owner and team, and an external id unique in the whole tenant. */
export async function checkShared<T extends CustomerRecord>(
  uow: UnitOfWork,
  entity: new () => T,
  record: T | null,
  input: SharedInput,
): Promise<{ columns: SharedColumns; errors: UserError[] }> {
  const columns: SharedColumns = {};
  const errors: UserError[] = [];
  if (input.tags != null) {
    const tags = normalizeTags(input.tags, ["input", "tags"]);
    errors.push(...tags.errors);
    columns.tags = tags.tags;
  }
  const ownership = await resolveOwnership(uow.scope, input);
  errors.push(...ownership.errors);
  if (ownership.ownerId !== undefined) columns.ownerId = ownership.ownerId;
  if (ownership.teamId !== undefined) columns.teamId = ownership.teamId;
  const externalId = cleanText(input.externalId);
  if (externalId !== undefined) columns.externalId = externalId;
  if (externalId) {
    // Unique in the whole tenant, whoever may see the record holding it.
    const holder = await uow.scope.unrestricted().findOneBy(entity, { externalId } as FindOptionsWhere<T>);
    if (holder && holder.id !== record?.id) errors.push(externalIdTaken(entity.name, externalId));
  }
  return { columns, errors };
}

/**
 * Saves a record with its shared columns and tags, then whatever `more` writes, then looks for its
 * duplicates as written. All of it is undone when the input rejects duplicates and there are some,
 * or when a concurrent write took the external id first.
 */
export async function saveRecord<T extends CustomerRecord>(
  uow: UnitOfWork,
  record: T,
  recordType: TaggedType,
  { tags, ...columns }: SharedColumns,
  input: SharedInput,
  duplicatesOf: (scope: TenantScope, saved: T) => Promise<DuplicateMatch[]>,
  more?: (saved: T) => Promise<void>,
): Promise<SavedRecord<T>> {
  return atomically(
    uow,
    async () => {
      assignDefined(record as CustomerRecord, columns);
      const saved = await uow.scope.save(record);
      if (tags) await replaceTags(uow, recordType, saved.id, tags);
      if (more) await more(saved);
      const duplicates = await duplicatesOf(uow.scope, saved);
      if (input.rejectDuplicates && duplicates.length > 0) refuse([duplicateError(duplicates)]);
      return { record: saved, duplicates };
    },
    () => [externalIdTaken(recordType, cleanText(input.externalId) ?? "")],
  );
}

function externalIdTaken(recordType: string, externalId: string): UserError {
  return userError(["input", "externalId"], UserErrorCode.TAKEN, `Another ${recordType.toLowerCase()} has the external id '${externalId}'.`);
}
