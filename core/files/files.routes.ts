import { once } from "node:events";
import { Router } from "express";
import { ErrorCode } from "../graphql/errors";
import { fromGlobalId } from "../graphql/relay/global-id";
import { authenticated, sendError, type ContextOf } from "../http/route-helpers";
import { FILES_PATH } from "./stored-file.entity";

export { FILES_PATH };

/**
 * `GET /files/:id`: a file of the caller's tenant, streamed from the store. Another tenant's
 * file, an unknown id and a malformed one all answer 404, so ids reveal nothing across tenants.
 */
export function fileDownloads(contextOf: ContextOf): Router {
  const router = Router();
  router.get("/:id", async (request, response, next) => {
    try {
      const auth = await authenticated(contextOf, request, response);
      if (!auth) return;
      const { context, principal } = auth;
      const notFound = () => sendError(response, 404, ErrorCode.NOT_FOUND, "No such file.");
      let rowId: string;
      try {
        rowId = fromGlobalId(request.params.id, "StoredFile").rowId;
      } catch {
        return notFound();
      }
      const store = context.services.files;
      const file = await store.find(context.tenant!, rowId);
      if (!file) return notFound();
      if (!store.canRead(principal, file)) {
        return sendError(response, 403, ErrorCode.FORBIDDEN, `Reading this file needs the permission ${file.readPermission}.`);
      }
      const bytes = store.open(file);
      // Headers only once the bytes are known to be there: a missing file must not answer 200.
      await once(bytes, "open");
      response.attachment(file.name);
      response.set({
        "content-type": file.contentType,
        "content-length": String(file.size),
        etag: `"${file.sha256}"`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      });
      bytes.on("error", (error) => response.destroy(error));
      bytes.pipe(response);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
