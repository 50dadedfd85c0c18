import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { Router, type Request } from "express";
import type { RequestContext } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";
import type { PlatformServices } from "../kernel/services";

export const DASHBOARD_PATH = "/admin/queues";

/** bull-board over every queue this deployment uses, for admin principals only. */
export function queueDashboard(
  services: PlatformServices,
  queueNames: () => string[],
  contextOf: (request: Request) => Promise<RequestContext>,
): Router {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: queueNames().map((name) => new BullMQAdapter(services.queues.get(name))),
    serverAdapter: adapter,
  });

  const router = Router();
  router.use(async (request, response, next) => {
    const principal = await contextOf(request).then(
      (context) => context.principal,
      () => null,
    );
    if (!principal) {
      response.status(401).json({ errors: [{ message: "Authentication required.", extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
    } else if (!principal.admin) {
      response.status(403).json({ errors: [{ message: "Admins only.", extensions: { code: ErrorCode.FORBIDDEN } }] });
    } else {
      next();
    }
  });
  router.use(adapter.getRouter());
  return router;
}
