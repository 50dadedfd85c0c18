import { runService } from "../core/kernel/process";
import { bootPlatform } from "./composition";

/** The API alone, for scaling it apart from the workers. */
runService("crm-api", async (config) => {
  const platform = await bootPlatform(config);
  if (config.DB_MIGRATE_ON_START) await platform.migrate();
  await platform.startApi();
  return platform;
});
