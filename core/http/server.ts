import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { Server as NetServer, type AddressInfo, type Socket } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type NextFunction, type Request, type Response } from "express";
import { NoSchemaIntrospectionCustomRule, specifiedRules, validate, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import proxyAddress from "proxy-addr";
import { WebSocketServer } from "ws";
import { IMPORTS_PATH, importUploads } from "../data-transfer/imports.routes";
import { countingStatements } from "../db/sql-logger";
import { compiledExecution } from "../graphql/compiled-execution";
import { FILES_PATH, fileDownloads } from "../files/files.routes";
import type { Credentials } from "../graphql/context";
import type { ContextFactory } from "../graphql/context-factory";
import { ErrorCode, maskError } from "../graphql/errors";
import { observabilityPlugin } from "../graphql/observability.plugin";
import type { PlatformServices } from "../kernel/services";
import { DASHBOARD_PATH, queueDashboard } from "./queue-dashboard";
import { createIdeRouter } from "./ide";
import { checkReadiness } from "./readiness";

export const GRAPHQL_PATH = "/graphql";
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export interface ApiServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and waits for requests in flight (the drain has its own grace period). */
  close(): Promise<void>;
}

/** How long shutdown waits for the connections it has accepted to send their request. */
const ACCEPTED_GRACE_MS = 1_000;

/**
 * Connections accepted but whose request has not been read yet. At shutdown Node's
 * `http.Server.close()` and Apollo's drain take them for idle keep-alive connections and close
 * them, so a client that had connected and sent its request would get a reset, not an answer.
 */
function unreadConnections(httpServer: Server): { settled(maxMs: number): Promise<void> } {
  const unread = new Set<Socket>();
  httpServer.on("connection", (socket: Socket) => {
    unread.add(socket);
    socket.once("close", () => unread.delete(socket));
  });
  httpServer.on("request", (request: { socket: Socket }) => unread.delete(request.socket));
  httpServer.on("upgrade", (request: { socket: Socket }) => unread.delete(request.socket));
  return {
    async settled(maxMs) {
      const deadline = Date.now() + maxMs;
      while (unread.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    },
  };
}

export interface ApiServerOptions {
  services: PlatformServices;
  schema: GraphQLSchema;
  createContext: ContextFactory;
  /** Queues shown on the admin dashboard. */
  dashboardQueues: () => string[];
  port?: number;
  host?: string;
}

function credentialsOf(headers: IncomingHttpHeaders): Credentials {
  const credentials: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) credentials[name] = Array.isArray(value) ? value.join(", ") : value;
  return credentials;
}

function requestIdOf(request: Request): string {
  const given = request.header("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Errors outside GraphQL execution (a malformed JSON body, say) still answer in GraphQL's shape. */
function jsonErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  const status = typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : 500;
  const requestId = response.locals.requestId as string;
  if (status >= 500) response.locals.logger?.error({ err: error, requestId }, "request failed");
  response.status(status).json({
    errors: [
      status < 500
        ? { message: error instanceof Error ? error.message : "Bad request", extensions: { code: ErrorCode.BAD_REQUEST } }
        : { message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId } },
    ],
  });
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { services, schema, createContext } = options;
  const { config, metrics, logger } = services;
  let accepting = true;
  // Production hides the schema from strangers on both transports; partners use the published SDL.
  const introspection = config.NODE_ENV !== "production";

  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY !== undefined) app.set("trust proxy", config.TRUST_PROXY);
  const httpServer: Server = createServer(app);
  const accepted = unreadConnections(httpServer);

  const wsServer = new WebSocketServer({ server: httpServer, path: GRAPHQL_PATH });
  // The upgrade request is not an Express request: its client address follows the same trust.
  const trusted = app.get("trust proxy fn") as Parameters<typeof proxyAddress>[1];
  const wsCleanup = useServer(
    {
      schema,
      validate: introspection ? undefined : (target, document) => validate(target, document, [...specifiedRules, NoSchemaIntrospectionCustomRule]),
      context: (ctx) => createContext(lowerCaseKeys(ctx.connectionParams), randomUUID(), proxyAddress(ctx.extra.request, trusted)),
    },
    wsServer,
  );

  const apollo = new ApolloServer({
    gateway: compiledExecution(schema),
    introspection,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    // Shutdown is ordered by the platform (API, then workers, then connections), not by Apollo.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_TIMEOUT_MS }),
      {
        async serverWillStart() {
          return { drainServer: async () => await wsCleanup.dispose() };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // No field has cache hints, and Apollo's default cache-control plugin wraps every field's
      // resolver (willResolveField) to compute them: ~10% of a large list's CPU for nothing.
      ApolloServerPluginCacheControlDisabled(),
      observabilityPlugin(metrics, config.NODE_ENV !== "production"),
    ],
  });
  await apollo.start();

  app.use((request, response, next) => {
    const requestId = requestIdOf(request);
    response.locals.requestId = requestId;
    response.locals.logger = logger.child({ requestId });
    response.setHeader("x-request-id", requestId);
    const stop = metrics.httpDuration.startTimer({ method: request.method });
    response.on("finish", () => stop({ route: request.route?.path ?? request.baseUrl ?? request.path, status: response.statusCode }));
    countingStatements(next);
  });

  app.get("/healthz", (_request, response) => {
    response.json({ status: "ok" });
  });
  app.get("/readyz", async (_request, response) => {
    const checks = accepting ? await checkReadiness(services) : { shuttingDown: true };
    const ready = Object.values(checks).every((value) => value === "up");
    response.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", checks });
  });
  app.get("/metrics", async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  if (config.GRAPHQL_IDE) app.use("/ide", createIdeRouter({ graphqlPath: GRAPHQL_PATH, subscriptionsPath: GRAPHQL_PATH }));
  const routeContext = (request: Request, response: Response) =>
    createContext(credentialsOf(request.headers), response.locals.requestId as string, request.ip ?? "unknown");
  app.use(DASHBOARD_PATH, queueDashboard(services, options.dashboardQueues, routeContext));
  app.use(FILES_PATH, fileDownloads(routeContext));
  app.use(IMPORTS_PATH, importUploads(routeContext));
  for (const route of services.modules.enabled.flatMap((module) => module.routes ?? [])) app.use(route.path, route.router(services, routeContext));

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: ({ req, res }) => routeContext(req, res),
    }),
  );
  app.use(jsonErrors);

  const port = options.port ?? config.PORT;
  const host = options.host ?? config.HOST;
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => resolve());
  });
  const bound = (httpServer.address() as AddressInfo).port;
  const url = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${bound}`;
  logger.info({ url: `${url}${GRAPHQL_PATH}` }, "api listening");

  return {
    url,
    port: bound,
    async close() {
      accepting = false;
      // Stop listening with net's close, which leaves open connections alone (http's closes the
      // ones whose request is not read yet); once their requests are in, the drain closes what
      // is idle and waits for the requests in flight.
      NetServer.prototype.close.call(httpServer);
      await accepted.settled(ACCEPTED_GRACE_MS);
      await apollo.stop();
    },
  };
}

function lowerCaseKeys(params: Readonly<Record<string, unknown>> | undefined): Credentials {
  const credentials: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(params ?? {})) {
    if (typeof value === "string") credentials[key.toLowerCase()] = value;
  }
  return credentials;
}
