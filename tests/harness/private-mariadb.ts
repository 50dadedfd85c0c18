import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { runToExit, spawnChild, type Child } from "./child-process";
import { freePort, waitFor } from "./wait";

const MARIADBD = "/usr/sbin/mariadbd";

/**
 * As root, mariadbd refuses to start unless told which user to run as; `--user=root` keeps the
 * files owned by whoever created them, so the temp dir needs no chown. As anyone else it runs
 * as that user and the option must be absent.
 */
const userArgs = (): string[] => (process.getuid?.() === 0 ? ["--user=root"] : []);

/**
 * A MariaDB server owned by one test: a fresh data directory under the temp dir and a port of its
 * own, so the test may stop and restart it without touching the machine's server. `root` has no
 * password and connects over TCP. Small and fast rather than durable: no binary log, a 32 MiB
 * buffer pool, and no fsync on commit.
 */
export class PrivateMariaDb {
  private server: Child | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateMariaDb> {
    const dir = await mkdtemp(join(tmpdir(), "crm-mariadb-"));
    const db = new PrivateMariaDb(await freePort(), dir);
    try {
      const install = await runToExit(
        "mariadb-install-db",
        ["--no-defaults", `--datadir=${db.dataDir}`, ...userArgs(), "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"],
        {},
        60_000,
      );
      if (install.code !== 0) throw new Error(`mariadb-install-db failed (${install.code}):\n${install.stderr}\n${install.stdout}`);
      await db.start();
      return db;
    } catch (error) {
      await db.kill();
      throw error;
    }
  }

  private get dataDir(): string {
    return join(this.dir, "data");
  }

  /** What the platform's configuration needs to use this server. */
  get env(): Record<string, string> {
    return { DB_HOST: "127.0.0.1", DB_PORT: String(this.port), DB_USER: "root", DB_PASSWORD: "" };
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** Starts (or restarts) the server on the same port and data directory; resolves once it answers. */
  async start(): Promise<void> {
    if (this.running) return;
    const server = spawnChild(MARIADBD, [
      "--no-defaults",
      ...userArgs(),
      `--datadir=${this.dataDir}`,
      `--port=${this.port}`,
      "--bind-address=127.0.0.1",
      `--socket=${join(this.dir, "mariadb.sock")}`,
      `--pid-file=${join(this.dir, "mariadb.pid")}`,
      "--skip-log-bin",
      "--skip-name-resolve",
      "--innodb-buffer-pool-size=32M",
      "--innodb-log-file-size=16M",
      "--innodb-flush-log-at-trx-commit=2",
      "--max-connections=200",
    ]);
    this.server = server;
    try {
      await waitFor(`MariaDB on port ${this.port} to answer`, () => (server.running ? this.ping() : Promise.reject(new Error(`mariadbd exited${server.tail()}`))), {
        timeoutMs: 30_000,
        intervalMs: 100,
      });
    } catch (error) {
      await server.kill();
      throw error;
    }
  }

  /** An orderly shutdown (SIGTERM), as a restart or a failover begins. */
  async stop(): Promise<void> {
    if (!this.server?.running) return;
    this.server.signal("SIGTERM");
    await this.server.waitForExit(30_000).catch(() => this.server?.kill());
  }

  /** For afterAll: the server is gone and its files removed, whatever state it was in. */
  async kill(): Promise<void> {
    await this.server?.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<true> {
    const connection = await createConnection({ host: "127.0.0.1", port: this.port, user: "root", connectTimeout: 1_000 });
    await connection.end();
    return true;
  }
}
