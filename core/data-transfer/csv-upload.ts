import type { Request, Response } from "express";
import { FileTooLargeError } from "../files/file-store";
import type { StoredFile } from "../files/stored-file.entity";
import type { RequestContext } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import { sendError } from "../http/route-helpers";

/**
 * Streams a request's raw body into the tenant's file store as a CSV for an import job. Past
 * IMPORT_MAX_BYTES (as announced, or as it arrives) it answers 413, drops the connection rather
 * than read the rest, and returns null.
 */
export async function receiveCsv(
  context: RequestContext,
  request: Request,
  response: Response,
  file: { name: string; readPermission: string },
): Promise<StoredFile | null> {
  const { config, files } = context.services;
  const tooLarge = () => {
    response.set("connection", "close");
    sendError(response, 413, ErrorCode.BAD_REQUEST, `The file is larger than the limit of ${config.IMPORT_MAX_BYTES} bytes.`);
    return null;
  };
  if (Number(request.headers["content-length"] ?? 0) > config.IMPORT_MAX_BYTES) return tooLarge();
  try {
    return await files.write(context.tenant!, { ...file, contentType: "text/csv", maxBytes: config.IMPORT_MAX_BYTES }, request);
  } catch (error) {
    if (error instanceof FileTooLargeError) return tooLarge();
    throw error;
  }
}
