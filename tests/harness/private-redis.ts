import { spawnChild, type Child } from "./child-process";
import { freePort } from "./wait";

/**
 * A redis-server owned by one test, on a port of its own, without persistence: the test may stop
 * and restart it at will without touching the machine's Redis.
 */
export class PrivateRedis {
  private server: Child | undefined;

  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<PrivateRedis> {
    const redis = new PrivateRedis(port ?? (await freePort()));
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  /** Starts (or restarts) the server on the same port and waits until it accepts connections. */
  async start(): Promise<void> {
    if (this.running) return;
    const server = spawnChild("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
    this.server = server;
    try {
      await server.waitForLine(/Ready to accept connections/, 10_000);
    } catch (error) {
      await server.kill();
      throw error;
    }
  }

  /** An orderly shutdown (SIGTERM), as when Redis is restarted or fails over. */
  async stop(): Promise<void> {
    if (!this.server?.running) return;
    this.server.signal("SIGTERM");
    await this.server.waitForExit(10_000).catch(() => this.server?.kill());
  }

  /** For afterAll: whatever state it is in, it is gone afterwards. */
  async kill(): Promise<void> {
    await this.server?.kill();
  }
}
