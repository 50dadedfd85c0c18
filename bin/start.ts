import { runService } from "../core/kernel/process";
import { ensureDemoTenant } from "../core/tenancy/demo-tenant";
import { bootPlatform } from "./composition";

/** Laptop mode: migrations and demo data, then the API and every worker in one process. */
runService("crm", async (config) => {
  const platform = await bootPlatform(config);
  await platform.migrate();
  if (config.DEMO_DATA) await ensureDemoTenant(platform.services);
  await platform.startWorkers();
  await platform.startApi();
  return platform;
});
