/**
 * The platform run as bin/start.ts runs it (runService: real signal handling and exit codes), but
 * with the notes fixture and the test authenticator. Configured by the environment like any
 * deployment; prints `READY <api url>` once it serves.
 */
import "reflect-metadata";
import { coreModule } from "../../../core";
import { runService } from "../../../core/kernel/process";
import { Platform } from "../../../core/platform";
import { loadMigrations } from "../../../migrations";
import { notesModule } from "../fixtures/notes";
import { testAuthenticate } from "../test-auth";

runService("crm-test-app", async (config) => {
  const platform = await Platform.boot({ config, core: coreModule, modules: [notesModule], migrations: loadMigrations(), authenticate: testAuthenticate });
  await platform.migrate();
  // Fixture tables come from their entities, as in TestApp.
  await platform.services.dataSource.synchronize();
  await platform.startWorkers();
  const api = await platform.startApi();
  process.stdout.write(`READY ${api.url}\n`);
  return platform;
});
