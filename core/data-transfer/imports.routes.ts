import { Router } from "express";
import { FileTooLargeError } from "../files/file-store";
import { workOf } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { authenticated, sendError, type ContextOf } from "../http/route-helpers";
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
      const { config, files } = context.services;
      const kind = String(request.query.kind ?? "").toUpperCase();
      if (kind !== DataTransferKind.CONTACTS && kind !== DataTransferKind.ACCOUNTS) {
        return sendError(response, 400, ErrorCode.BAD_REQUEST, "Say what the file holds: ?kind=CONTACTS or ?kind=ACCOUNTS.");
      }
      const checked = importCountry(typeof request.query.country === "string" ? request.query.country : null);
      if ("error" in checked) return sendError(response, 400, ErrorCode.BAD_REQUEST, checked.error);
      const { country } = checked;
      const tooLarge = () => {
        // The rest of the body is not worth reading: answer, then drop the connection.
        response.set("connection", "close");
        sendError(response, 413, ErrorCode.BAD_REQUEST, `The file is larger than the limit of ${config.IMPORT_MAX_BYTES} bytes.`);
      };
      if (Number(request.headers["content-length"] ?? 0) > config.IMPORT_MAX_BYTES) return tooLarge();
      const name = typeof request.query.name === "string" ? request.query.name : `${kind.toLowerCase()}.csv`;
      let file;
      try {
        file = await files.write(context.tenant!, { name, contentType: "text/csv", readPermission: DATA_IMPORT, maxBytes: config.IMPORT_MAX_BYTES }, request);
      } catch (error) {
        if (error instanceof FileTooLargeError) return tooLarge();
        throw error;
      }
      const job = await startImport(context.services, workOf(context, "importUpload"), { file, kind, defaultCountry: country });
      response.status(202).json({ id: job.globalId, status: job.status, fileId: file.globalId });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
