import { Router } from "express";
import { workOf } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { authenticated, sendError, type ContextOf } from "../http/route-helpers";
import { receiveCsv } from "./csv-upload";
import { DataTransferKind } from "./data-transfer.entities";
import { DATA_IMPORT, importCountry, startImport } from "./import.service";

export const IMPORTS_PATH = "/imports";

/**
 * `POST /imports?kind=CONTACTS|ACCOUNTS[&country=FR][&name=file.csv]` with the CSV as the raw
 * body: streamed into the file store (at most IMPORT_MAX_BYTES) and queued as an import. Answers
 * 202 with the ImportJob's global id; progress is then read with `importJob(id:)`.
 */
export function importUploads(contextOf: ContextOf): Router {
  const router = Router();
  router.post("/", async (request, response, next) => {
    try {
      const auth = await authenticated(contextOf, request, response, DATA_IMPORT);
      if (!auth) return;
      const { context } = auth;
      const kind = String(request.query.kind ?? "").toUpperCase();
      if (kind !== DataTransferKind.CONTACTS && kind !== DataTransferKind.ACCOUNTS) {
        return sendError(response, 400, ErrorCode.BAD_REQUEST, "Say what the file holds: ?kind=CONTACTS or ?kind=ACCOUNTS.");
      }
      const checked = importCountry(typeof request.query.country === "string" ? request.query.country : null);
      if ("error" in checked) return sendError(response, 400, ErrorCode.BAD_REQUEST, checked.error);
      const { country } = checked;
      const name = typeof request.query.name === "string" ? request.query.name : `${kind.toLowerCase()}.csv`;
      const file = await receiveCsv(context, request, response, { name, readPermission: DATA_IMPORT });
      if (!file) return;
      const job = await startImport(context.services, workOf(context, "importUpload"), { file, kind, defaultCountry: country });
      response.status(202).json({ id: job.globalId, status: job.status, fileId: file.globalId });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
