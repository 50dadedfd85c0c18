import { ConfigError, loadConfig, type Config } from "../config/config";
import { createLogger } from "../observability/logger";
import { ModuleConfigError } from "./registry";
import { StartupError } from "../platform";
import { ModuleDefinitionError } from "./module";

export interface RunningService {
  /** Resolves true when everything finished within the limit. */
  stop(timeoutMs: number): Promise<boolean>;
}

const EXPECTED = [ConfigError, ModuleConfigError, ModuleDefinitionError, StartupError];

/**
 * Runs a long-lived process: starts it, and on SIGTERM or SIGINT stops it within
 * SHUTDOWN_TIMEOUT_MS. Exits 0 after a clean stop, 1 after a forced one or a failed start.
 */
export function runService(name: string, start: (config: Config) => Promise<RunningService>): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.LOG_LEVEL, { service: name });

  start(config).then(
    (service) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, "shutting down");
        const hardStop = setTimeout(() => {
          logger.error("shutdown exceeded its limit; exiting");
          process.exit(1);
        }, config.SHUTDOWN_TIMEOUT_MS + 2_000);
        hardStop.unref();
        service.stop(config.SHUTDOWN_TIMEOUT_MS).then(
          (clean) => {
            logger.info({ clean }, "stopped");
            process.exit(clean ? 0 : 1);
          },
          (error: unknown) => {
            logger.error({ err: error }, "shutdown failed");
            process.exit(1);
          },
        );
      };
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    },
    (error: unknown) => {
      if (EXPECTED.some((type) => error instanceof type)) process.stderr.write(`${name}: ${(error as Error).message}\n`);
      logger.fatal({ err: error }, "failed to start");
      process.exit(1);
    },
  );
}
