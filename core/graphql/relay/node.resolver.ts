import DataLoader from "dataloader";
import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { assertModuleEnabled } from "../../kernel/tenant-modules";
import type { RequestContext } from "../context";
import { ErrorCode, clientError } from "../errors";
import { fromGlobalId } from "./global-id";
import { MAX_PAGE_SIZE } from "./connection";
import { Node } from "./node";

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: "Fetches any object by its global id; null if it does not exist or is not yours." })
  node(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<object | null> {
    return loadNode(context, id);
  }

  @Authorized()
  @Query(() => [Node], { nullable: "items", description: `Fetches up to ${MAX_PAGE_SIZE} objects by global id, in order.` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: RequestContext): Promise<(object | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) {
      throw clientError(ErrorCode.INVALID_PAGINATION, `Ask for at most ${MAX_PAGE_SIZE} ids at once; got ${ids.length}.`);
    }
    return Promise.all(ids.map((id) => loadNode(context, id)));
  }
}

/** The object behind a global id, as `node(id)` answers it for the caller: null when unknown, invisible or not permitted. */
export async function loadNode(context: RequestContext, globalId: string): Promise<object | null> {
  const { typeName, rowId } = fromGlobalId(globalId);
  const served = context.services.modules.nodeType(typeName);
  if (!served) return null;
  await assertModuleEnabled(context, served.module);
  const loader = context.loaders.getOrCreate(
    `node:${typeName}`,
    () => new DataLoader<string, object | null>((ids) => served.definition.load(context, ids), { maxBatchSize: MAX_PAGE_SIZE }),
  );
  return loader.load(rowId);
}
