import { requireTenant } from "../graphql/context";
import type { NodeDefinition } from "../graphql/relay/node-registry";
import { StoredFile } from "./stored-file.entity";

/** `node(id:)` for files: a file the caller may not read (its `readPermission`) is null, like another tenant's. */
export const storedFileNode: NodeDefinition<StoredFile> = {
  typeName: "StoredFile",
  async load(context, rowIds) {
    const principal = context.principal;
    const rows = await requireTenant(context).byIds(StoredFile, rowIds);
    return rows.map((file) => (file && principal && context.services.files.canRead(principal, file) ? file : null));
  },
};
