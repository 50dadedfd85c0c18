import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Router } from "express";
import { ErrorCode } from "../graphql/errors";
import type { PlatformServices } from "../kernel/services";
import { authenticated, sendError, type ContextOf } from "./route-helpers";

export const DASHBOARD_PATH = "/admin/queues";

/** bull-board over every queue this deployment uses, for admin principals only. */
export function queueDashboard(services: PlatformServices, queueNames: () => string[], contextOf: ContextOf): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queueNames().map((name) => new BullMQAdapter(services.queues.get(name))),
    serverAdapter: adapter,
  });

  const router = Router();
  router.use(async (request, response, next) => {
    const signedIn = await authenticated(contextOf, request, response);
    if (!signedIn) return;
    if (!signedIn.principal.admin) sendError(response, 403, ErrorCode.FORBIDDEN, "Admins only.");
    else next();
  });
  router.use(adapter.getRouter());
  return router;
}
