import DataLoader from "dataloader";
import { requireTenant, type RequestContext } from "../graphql/context";
import { MAX_PAGE_SIZE } from "../graphql/relay/connection";
import { StoredFile } from "./stored-file.entity";

/** A file of the caller's tenant by row id, batched per request: lists of jobs show their files in one query. */
export function storedFile(context: RequestContext, rowId: string | null): Promise<StoredFile | null> {
  if (rowId === null) return Promise.resolve(null);
  const loader = context.loaders.getOrCreate(
    "core.storedFileById",
    () => new DataLoader<string, StoredFile | null>((ids) => requireTenant(context).byIds(StoredFile, ids), { maxBatchSize: MAX_PAGE_SIZE }),
  );
  return loader.load(rowId);
}
