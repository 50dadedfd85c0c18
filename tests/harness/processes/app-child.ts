/**
 * The platform run as bin/start.ts runs it (runService: real signal handling and exit codes), but
 * with the notes fixture and the test authenticator. Configured by the environment like any
 * deployment; TEST_CHILD_ROLES (`api,workers` by default) says what it runs, as `npm run api` and
 * `npm run worker` split them. Prints `READY <api url>` once it serves, or `READY` without an API,
 * and `ACCEPTED <n>` when it exits: how many connections its listener accepted.
 */
import "reflect-metadata";
import { subscribe } from "node:diagnostics_channel";
import { coreModule } from "../../../core";
import { runService } from "../../../core/kernel/process";
import { Platform } from "../../../core/platform";
import { loadMigrations } from "../../../migrations";
import { notesModule } from "../fixtures/notes";
import { testAuthenticate } from "../test-auth";

const roles = (process.env.TEST_CHILD_ROLES ?? "api,workers").split(",");

// A test can then tell a connection the server accepted from one the kernel reset before that.
// The process only accepts connections on the API's listener, so every one counts.
let accepted = 0;
subscribe("net.server.socket", () => accepted++);
// Writes to a pipe are synchronous on Linux, so the line is out before the process ends.
process.on("exit", () => process.stdout.write(`ACCEPTED ${accepted}\n`));

runService("crm-test-app", async (config) => {
  const platform = await Platform.boot({ config, core: coreModule, modules: [notesModule], migrations: loadMigrations(), authenticate: testAuthenticate });
  await platform.migrate();
  // Fixture tables come from their entities, as in TestApp.
  await platform.services.dataSource.synchronize();
  if (roles.includes("workers")) await platform.startWorkers();
  const api = roles.includes("api") ? await platform.startApi() : undefined;
  process.stdout.write(api ? `READY ${api.url}\n` : "READY\n");
  return platform;
});
