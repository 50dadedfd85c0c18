import { Router } from "express";
import { receiveCsv } from "../../../core/data-transfer/csv-upload";
import { workOf } from "../../../core/graphql/context";
import { ErrorCode } from "../../../core/graphql/errors";
import { authenticated, sendError } from "../../../core/http/route-helpers";
import type { HttpRouteDefinition } from "../../../core/kernel/module";
import { startLeadImport } from "../jobs/lead-import.job";
import type { SfaPermission } from "../permissions";

const WRITE: SfaPermission = "sfa.leads.write";

/**
 * `POST /sfa/leads/import[?name=leads.csv]` with the CSV as the raw body (columns first_name,
 * last_name, email, phone, company, title, website, region, country, score, external_ref; a
 * header row; UTF-8): stored (at most IMPORT_MAX_BYTES, else 413) and captured row by row by a
 * job on `sfa.imports`. Answers 202 with the LeadImport's global id; `node(id)` shows progress
 * and the rows that were refused.
 */
export const leadImportRoutes: HttpRouteDefinition = {
  path: "/sfa/leads",
  router(services, contextOf) {
    const router = Router();
    router.post("/import", async (request, response, next) => {
      try {
        const auth = await authenticated(contextOf, request, response, WRITE);
        if (!auth) return;
        const { context } = auth;
        if ((await context.tenantDisabledModules()).has("sfa")) {
          return sendError(response, 403, ErrorCode.MODULE_DISABLED, "The 'sfa' module is switched off for this tenant.");
        }
        const name = typeof request.query.name === "string" ? request.query.name : "leads.csv";
        const file = await receiveCsv(context, request, response, { name, readPermission: WRITE });
        if (!file) return;
        const job = await startLeadImport(services, workOf(context, "leadImport"), file);
        response.status(202).json({ id: job.globalId, status: job.status, fileId: file.globalId });
      } catch (error) {
        next(error);
      }
    });
    return router;
  },
};
