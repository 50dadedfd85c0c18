import { rowIdOf } from "../graphql/relay/global-id";
import type { UnitOfWork } from "../db/unit-of-work";
import { workOf, type RequestContext } from "../graphql/context";
import type { MutationPayload } from "../graphql/payload";
import { failed, type ServiceResult } from "./service-result";

/** Runs a service in one transaction, as the unit of work of the mutation `operation`. */
export function run<R>(context: RequestContext, operation: string, work: (uow: UnitOfWork) => Promise<R>): Promise<R> {
  return context.services.transactions.run(workOf(context, operation), work);
}

/** Decodes the global ids a mutation names (each `[globalId, typeName, field]`), then runs `then` with their row ids; malformed ids are INVALID userErrors. */
export async function withRowIds<T, E extends object>(
  ids: readonly (readonly [string, string, string[]])[],
  then: (rowIds: string[]) => Promise<ServiceResult<T, E>>,
): Promise<ServiceResult<T, E>> {
  const decoded = ids.map(([globalId, typeName, field]) => rowIdOf(globalId, typeName, field));
  const errors = decoded.flatMap((id) => id.errors);
  return errors.length > 0 ? { errors } : then(decoded.map((id) => id.rowId ?? ""));
}

/** The payload of a service's answer: its userErrors, or what `fill` takes from the result. */
export async function respond<P extends MutationPayload, T, E extends object>(
  payload: P,
  result: Promise<ServiceResult<T, E>>,
  fill: (payload: P, result: { record: T } & E) => void,
): Promise<P> {
  const answer = await result;
  if (failed(answer)) payload.userErrors = answer.errors;
  else fill(payload, answer);
  return payload;
}

/** A merge input's two ids, as `withRowIds` takes them. */
export function mergeIds(input: { survivorId: string; mergedId: string }, typeName: string): [string, string, string[]][] {
  return [
    [input.survivorId, typeName, ["input", "survivorId"]],
    [input.mergedId, typeName, ["input", "mergedId"]],
  ];
}
