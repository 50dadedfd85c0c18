import { runService } from "../core/kernel/process";
import { bootPlatform } from "./composition";

/** Workers alone; WORKER_QUEUES narrows them to some queues. */
runService("crm-worker", async (config) => {
  const platform = await bootPlatform(config);
  if (config.DB_MIGRATE_ON_START) await platform.migrate();
  await platform.startWorkers();
  return platform;
});
