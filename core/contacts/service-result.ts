import type { UnitOfWork, WorkScope } from "../db/unit-of-work";
import { isDuplicateKey } from "../db/errors";
import type { TenantScope } from "../db/tenant-scope";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { rowIdOf } from "../graphql/relay/global-id";
import { Team, User } from "../identity/identity.entities";

/**
 * What the customer-graph services answer: the record (and whatever else the operation reports),
 * or why nothing was written. The API and the importer share these services, so they share the
 * validation and the error paths (`["input", ...]`).
 */
export type ServiceResult<T, Extra extends object = object> = ({ record: T } & Extra) | { errors: UserError[] };

export function failed<T, Extra extends object>(result: ServiceResult<T, Extra>): result is { errors: UserError[] } {
  return "errors" in result;
}

class Refusal extends Error {
  override name = "Refusal";
  constructor(readonly errors: UserError[]) {
    super(errors.map((error) => error.message).join(" "));
  }
}

/** Stops the work of `atomically` and undoes what it wrote, answering these userErrors. */
export function refuse(errors: UserError[]): never {
  throw new Refusal(errors);
}

/**
 * Runs a service's writes in a savepoint of the caller's transaction: when the work refuses, or
 * loses a unique-key race, everything it wrote and every event it emitted is undone, and the
 * caller's other work stands (an import carries on with its next row).
 */
export async function atomically<T>(uow: UnitOfWork, work: () => Promise<T>, onDuplicateKey: () => UserError[]): Promise<T | { errors: UserError[] }> {
  if (!uow.manager.queryRunner?.isTransactionActive) throw new Error("Customer-graph writes need a unit of work inside a transaction.");
  try {
    return await uow.savepoint(work);
  } catch (error) {
    if (error instanceof Refusal) return { errors: error.errors };
    if (isDuplicateKey(error)) return { errors: onDuplicateKey() };
    throw error;
  }
}

/**
 * The input as an instance of its GraphQL input class, so class-validator sees its rules: type-graphql
 * builds instances, an importer may pass plain objects.
 */
export function asInput<T extends object>(type: new () => T, value: T): T {
  return value instanceof type ? value : Object.assign(new type(), value);
}

export function notFound(field: string[], what: string): UserError {
  return userError(field, UserErrorCode.NOT_FOUND, `No such ${what}.`);
}

/** The staff user doing the work, who owns what they create unless they name another owner. */
export function staffUserOf(work: WorkScope): string | null {
  return work.actor?.startsWith("staff:") ? work.actor.slice("staff:".length) : null;
}

export interface OwnershipInput {
  ownerId?: string | null;
  teamId?: string | null;
}

/**
 * Owner and team as row ids, checked to be the tenant's. `undefined` leaves a field as it is,
 * `null` clears it. Unknown and other tenants' ids alike are NOT_FOUND.
 */
export async function resolveOwnership(
  scope: TenantScope,
  input: OwnershipInput,
): Promise<{ ownerId?: string | null; teamId?: string | null; errors: UserError[] }> {
  const errors: UserError[] = [];
  const resolve = async (globalId: string | null | undefined, entity: typeof User | typeof Team, field: string): Promise<string | null | undefined> => {
    if (globalId == null) return globalId;
    const path = ["input", field];
    const decoded = rowIdOf(globalId, entity.name, path);
    if (decoded.rowId === null) {
      errors.push(...decoded.errors);
      return undefined;
    }
    if ((await scope.count(entity, { id: decoded.rowId })) === 0) {
      errors.push(notFound(path, entity.name.toLowerCase()));
      return undefined;
    }
    return decoded.rowId;
  };
  const ownerId = await resolve(input.ownerId, User, "ownerId");
  const teamId = await resolve(input.teamId, Team, "teamId");
  return { ownerId, teamId, errors };
}

/** `LIKE` pattern matching values that start with `prefix`, whatever characters it holds. */
export function prefixPattern(prefix: string): string {
  return `${prefix.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
