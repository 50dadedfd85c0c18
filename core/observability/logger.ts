import pino, { type Logger } from "pino";

export type { Logger };

/** One JSON logger per process; request and job loggers are children carrying their ids. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ["req.headers.authorization", "*.password", "*.token"], censor: "[redacted]" },
  });
}
