import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type QueueCounts = (queue: string) => Promise<Record<string, number>>;

/** The platform's Prometheus metrics, one registry per process (tests build several). */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: "crm_http_request_duration_seconds",
    help: "HTTP request latency by route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: "crm_graphql_operation_duration_seconds",
    help: "GraphQL operation latency by operation type and name",
    labelNames: ["type", "operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly graphqlStatements = new Histogram({
    name: "crm_graphql_sql_statements",
    help: "SQL statements sent to the database per GraphQL operation",
    labelNames: ["type", "operation"] as const,
    buckets: [0, 1, 2, 3, 4, 6, 8, 12, 20, 50, 100],
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: "crm_graphql_errors_total",
    help: "GraphQL errors by code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly jobOutcomes = new Counter({
    name: "crm_job_outcomes_total",
    help: "Finished job attempts by queue, job name and outcome",
    labelNames: ["queue", "name", "outcome"] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: "crm_job_duration_seconds",
    help: "Job processing time by queue and job name",
    labelNames: ["queue", "name"] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });

  constructor(queueNames: () => string[], counts: QueueCounts) {
    collectDefaultMetrics({ register: this.registry, prefix: "crm_" });
    new Gauge({
      name: "crm_queue_jobs",
      help: "Jobs per queue and state, read from Redis at scrape time",
      labelNames: ["queue", "state"] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queueNames().map(async (queue) => {
            for (const [state, value] of Object.entries(await counts(queue))) this.set({ queue, state }, value);
          }),
        );
      },
    });
  }
}
