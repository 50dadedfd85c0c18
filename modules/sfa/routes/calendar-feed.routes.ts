import { Router } from "express";
import { ErrorCode } from "../../../core/graphql/errors";
import { sendError } from "../../../core/http/route-helpers";
import type { HttpRouteDefinition } from "../../../core/kernel/module";
import { FEED_PATH, feedActivities, feedUser } from "../services/calendar-feed.service";
import { renderCalendar } from "../services/calendar-ics";

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `GET /sfa/calendar/<token>.ics`: a user's private calendar subscription, for calendar apps that
 * cannot send an Authorization header; the token in the path is the credential. An unknown or
 * revoked token, a disabled user and a tenant that switched sfa off all answer 404 alike.
 */
export const calendarFeedRoute: HttpRouteDefinition = {
  path: FEED_PATH,
  router(services) {
    const router = Router();
    router.get("/:file", async (request, response, next) => {
      try {
        const token = /^(.+)\.ics$/.exec(request.params.file)?.[1];
        const user = token && TOKEN.test(token) ? await feedUser(services.dataSource, token) : null;
        if (!user || (await services.moduleSwitches.disabledFor(user.tenantId)).has("sfa")) {
          return sendError(response, 404, ErrorCode.NOT_FOUND, "No such calendar.");
        }
        const body = renderCalendar(`CRM: ${user.name}`, await feedActivities(services.dataSource, user));
        response.set({
          "content-type": "text/calendar; charset=utf-8",
          "content-disposition": 'inline; filename="calendar.ics"',
          // The URL is a secret: no shared cache may keep it.
          "cache-control": "private, no-cache",
          "x-robots-tag": "noindex",
        });
        response.send(body);
      } catch (error) {
        next(error);
      }
    });
    return router;
  },
};
