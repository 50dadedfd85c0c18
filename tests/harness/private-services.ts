import { notesModule } from "./fixtures/notes";
import { PrivateMariaDb } from "./private-mariadb";
import { PrivateRedis } from "./private-redis";
import { TestApp } from "./test-app";

/** A private MariaDB and a private Redis for one fault test, so it may break them at will. */
export class PrivateServices {
  private constructor(
    readonly db: PrivateMariaDb,
    readonly redis: PrivateRedis,
  ) {}

  static async start(): Promise<PrivateServices> {
    const [db, redis] = await Promise.allSettled([PrivateMariaDb.start(), PrivateRedis.start()]);
    if (db.status === "fulfilled" && redis.status === "fulfilled") return new PrivateServices(db.value, redis.value);
    // One may have started: it must not outlive the failed setup.
    if (db.status === "fulfilled") await db.value.kill();
    if (redis.status === "fulfilled") await redis.value.kill();
    throw db.status === "rejected" ? db.reason : (redis as PromiseRejectedResult).reason;
  }

  /** Configuration that points the platform at these servers. */
  get env(): Record<string, string> {
    return { ...this.db.env, REDIS_URL: this.redis.url };
  }

  /** Both up again, e.g. before an app's orderly stop in afterAll. */
  async start(): Promise<void> {
    await Promise.all([this.db.start(), this.redis.start()]);
  }

  /** For afterAll: both servers gone, the database's files removed. */
  async kill(): Promise<void> {
    await Promise.allSettled([this.db.kill(), this.redis.kill()]);
  }
}

/**
 * Registers hooks that run a test app on private servers for the enclosing describe block, and
 * always restart-then-stop everything afterwards, whatever state a test left the servers in.
 */
export function privateApp(options: { workers?: boolean } = {}): { services: () => PrivateServices; app: () => TestApp } {
  let services: PrivateServices | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    services = await PrivateServices.start();
    app = await TestApp.start({ modules: [notesModule], workers: options.workers ?? false, env: services.env });
  });
  afterAll(async () => {
    try {
      await services?.start();
      await app?.stop();
    } finally {
      await services?.kill();
    }
  });
  return { services: () => services!, app: () => app! };
}

/** What /readyz answers: its status and which dependency it found down. */
export async function readiness(app: TestApp): Promise<{ status: number; checks: Record<string, string> }> {
  const response = await fetch(`${app.url}/readyz`);
  return { status: response.status, checks: ((await response.json()) as { checks: Record<string, string> }).checks };
}
