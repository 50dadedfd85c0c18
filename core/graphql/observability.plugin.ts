import type { ApolloServerPlugin } from "@apollo/server";
import { statementsSoFar } from "../db/sql-logger";
import type { Metrics } from "../observability/metrics";
import type { RequestContext } from "./context";
import { ErrorCode, isClientSafe } from "./errors";

/**
 * Times each operation, counts its SQL statements and its errors by code, logs faults with the request id, and hands that
 * id to the client in place of the fault's details.
 */
export function observabilityPlugin(metrics: Metrics, exposeStatements: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            metrics.graphqlErrors.inc({ code: isClientSafe(code) ? String(code) : ErrorCode.INTERNAL_SERVER_ERROR });
            if (!isClientSafe(code)) {
              contextValue.logger.error({ err: error.originalError ?? error, path: error.path }, "resolver fault");
            }
          }
        },
        async willSendResponse({ response, contextValue, operation, operationName }) {
          const labels = { type: operation?.operation ?? "unknown", operation: operationName ?? "anonymous" };
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          const statements = statementsSoFar();
          if (statements !== undefined) {
            metrics.graphqlStatements.observe(labels, statements);
            // Lets benchmarks and tests see the N+1s they cause; production keeps it to metrics.
            if (exposeStatements) response.http.headers.set("x-sql-statements", String(statements));
          }
          if (response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              Object.assign(error.extensions, { requestId: contextValue.requestId });
            }
          }
        },
      };
    },
  };
}
