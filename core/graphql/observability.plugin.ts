import type { ApolloServerPlugin } from "@apollo/server";
import type { Metrics } from "../observability/metrics";
import type { RequestContext } from "./context";
import { ErrorCode, isClientSafe } from "./errors";

/**
 * Times each operation, counts errors by code, logs faults with the request id, and hands that
 * id to the client in place of the fault's details.
 */
export function observabilityPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
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
          metrics.graphqlDuration.observe(
            { type: operation?.operation ?? "unknown", operation: operationName ?? "anonymous" },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
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
