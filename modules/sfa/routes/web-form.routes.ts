import express, { Router, type Request, type Response } from "express";
import { failed } from "../../../core/contacts/service-result";
import { ErrorCode } from "../../../core/graphql/errors";
import { userError } from "../../../core/graphql/payload";
import { sendError } from "../../../core/http/route-helpers";
import type { HttpRouteDefinition } from "../../../core/kernel/module";
import type { PlatformServices } from "../../../core/kernel/services";
import { WebForm } from "../entities/web-form.entity";
import { leadsService } from "../services/leads.service";
import { WebFormRateLimit } from "../services/web-form-rate-limit";
import { TOKEN_MAX_AGE_S, checkFormToken, issueFormToken } from "../services/web-form-tokens";
import { TOKEN_FIELD, acceptedNames, asFormErrors, readSubmission } from "../services/web-forms.service";

export const WEB_FORMS_PATH = "/sfa/forms";
const BODY_LIMIT = "64kb";

/**
 * The form of a public request: only an active form of a tenant that has the sales module on.
 * Anything else is 404 alike, so a key reveals nothing. The key is global (the request has no
 * tenant yet): this is the one lookup outside a tenant scope, and it yields the tenant.
 */
async function formFor(services: PlatformServices, request: Request, response: Response): Promise<WebForm | null> {
  const key = String(request.params.formKey ?? "");
  const form = key ? await services.dataSource.manager.findOneBy(WebForm, { formKey: key }) : null;
  if (form?.active && !(await services.moduleSwitches.disabledFor(form.tenantId)).has("sfa")) return form;
  sendError(response, 404, ErrorCode.NOT_FOUND, "No such form.");
  return null;
}

/**
 * CORS for the form's allowed origins. A request without an Origin (a server posting) passes; a
 * browser on another origin is refused here, not only by its own CORS check, because a simple
 * form post reaches the server (and would create the lead) whatever the browser then hides.
 */
function allowOrigin(form: WebForm, request: Request, response: Response): boolean {
  response.vary("Origin");
  const origin = request.header("origin");
  if (origin === undefined) return true;
  if (!form.allowedOrigins.includes(origin)) {
    sendError(response, 403, ErrorCode.FORBIDDEN, "This form does not accept submissions from this origin.");
    return false;
  }
  response.set("access-control-allow-origin", origin);
  return true;
}

/**
 * The public lead capture of web forms:
 * - `GET /sfa/forms/<key>/token`: a signed timestamp for the page, and what the form accepts;
 * - `POST /sfa/forms/<key>`: JSON or `application/x-www-form-urlencoded`; 202 when received
 *   (also when the honeypot is filled, so robots learn nothing), 422 with `userErrors` under the
 *   page's field names, 429 past the form's hourly allowance per address.
 */
export const webFormRoutes: HttpRouteDefinition = {
  path: WEB_FORMS_PATH,
  router(services) {
    const router = Router();
    const rateLimit = new WebFormRateLimit(services);

    router.options(["/:formKey", "/:formKey/token"], async (request, response, next) => {
      try {
        const form = await formFor(services, request, response);
        if (!form || !allowOrigin(form, request, response)) return;
        response.set({ "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "content-type", "access-control-max-age": "600" });
        response.status(204).end();
      } catch (error) {
        next(error);
      }
    });

    router.get("/:formKey/token", async (request, response, next) => {
      try {
        const form = await formFor(services, request, response);
        if (!form || !allowOrigin(form, request, response)) return;
        response.set("cache-control", "no-store");
        response.json({
          token: issueFormToken(form),
          tokenField: TOKEN_FIELD,
          honeypotField: form.honeypotField,
          minFillSeconds: form.minFillSeconds,
          expiresInSeconds: TOKEN_MAX_AGE_S,
          fields: [...acceptedNames(form).keys()],
        });
      } catch (error) {
        next(error);
      }
    });

    router.post("/:formKey", express.json({ limit: BODY_LIMIT }), express.urlencoded({ extended: false, limit: BODY_LIMIT }), async (request, response, next) => {
      try {
        const form = await formFor(services, request, response);
        if (!form || !allowOrigin(form, request, response)) return;
        const wait = await rateLimit.retryAfter(form, request.ip ?? request.socket.remoteAddress ?? "unknown");
        if (wait > 0) {
          response.set("retry-after", String(wait));
          return sendError(response, 429, ErrorCode.BAD_REQUEST, `Too many submissions; try again in ${wait} s.`);
        }
        const body: Record<string, unknown> = typeof request.body === "object" && request.body !== null && !Array.isArray(request.body) ? request.body : {};
        const received = () => response.status(202).json({ status: "RECEIVED" });
        const trap = body[form.honeypotField];
        if (trap !== undefined && trap !== "") {
          services.logger.info({ formId: form.id, tenantId: form.tenantId }, "web form submission dropped: honeypot filled");
          return received();
        }
        const token = checkFormToken(form, body[TOKEN_FIELD]);
        const submission = readSubmission(form, body);
        if (!token.ok) submission.errors.push(userError([TOKEN_FIELD], token.code, token.message));
        let errors = submission.errors;
        if (errors.length === 0) {
          const work = { tenantId: form.tenantId, actor: `webForm:${form.id}`, requestId: response.locals.requestId as string, operation: "webFormSubmit" };
          const captured = await services.transactions.run(work, (uow) => leadsService.capture({ uow, services }, submission.input));
          if (!failed(captured)) return received();
          errors = asFormErrors(captured.errors, submission.postedAs);
        }
        response.status(422).json({ errors: [{ message: "The form has errors.", extensions: { code: ErrorCode.BAD_USER_INPUT } }], userErrors: errors });
      } catch (error) {
        next(error);
      }
    });
    return router;
  },
};
