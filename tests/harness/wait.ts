import { createServer } from "node:net";

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface WaitOptions<T> {
  /** When the value is good enough; by default, anything but undefined and false. */
  until?: (value: T) => boolean;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Polls `check` until its value passes `until`, and returns that value. On timeout, fails with
 * the last value (or error) seen, so the message says what was still wrong.
 */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, options: WaitOptions<T> = {}): Promise<T> {
  const { until = (value: T) => value !== undefined && value !== false, timeoutMs = 15_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = "nothing yet";
  for (;;) {
    try {
      const value = await check();
      if (until(value)) return value;
      last = JSON.stringify(value);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last: ${last}`);
    await sleep(intervalMs);
  }
}

/** A port nobody listens on right now: for servers the test owns, or to point a client at nothing. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
