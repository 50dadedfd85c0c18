import type { PlatformServices } from "../kernel/services";

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>): Promise<"up" | "down"> {
  try {
    await withTimeout(check());
    return "up";
  } catch {
    return "down";
  }
}

/** What /readyz reports: whether the database and Redis answer right now. */
export async function checkReadiness(services: PlatformServices): Promise<Record<string, "up" | "down">> {
  const [database, redis] = await Promise.all([
    probe(() => services.dataSource.query("SELECT 1")),
    probe(() => services.queues.ping()),
  ]);
  return { database, redis };
}
