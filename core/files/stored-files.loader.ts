import { scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import { StoredFile } from "./stored-file.entity";

/** A file of the caller's tenant by row id, batched per request: lists of jobs show their files in one query. */
export function storedFile(context: RequestContext, rowId: string | null): Promise<StoredFile | null> {
  if (rowId === null) return Promise.resolve(null);
  return scopedLoader(context, "core.storedFileById", (scope, ids) => scope.byIds(StoredFile, ids)).load(rowId);
}
