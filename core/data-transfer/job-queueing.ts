import type { JobDefinition } from "../jobs/job";
import type { PlatformServices } from "../kernel/services";

/**
 * Adds the job that processes a request row just committed. The job id derives from the row, so
 * adding it twice runs it once. If Redis refuses, the row is marked failed (`markFailed`) rather
 * than left QUEUED for ever, and the error goes on to the caller.
 */
export async function enqueueFor<P>(
  services: PlatformServices,
  definition: JobDefinition<P>,
  payload: P,
  jobId: string,
  markFailed: (message: string) => Promise<unknown>,
): Promise<void> {
  try {
    await services.queues.enqueue(definition, payload, { jobId });
  } catch (error) {
    await markFailed("The job could not be queued (the job queue is unavailable); start it again.");
    throw error;
  }
}

/** The staff user behind an actor (`staff:<id>`), who owns what the job creates; null otherwise. */
export function staffIdOf(actor: string | null): string | null {
  return actor?.startsWith("staff:") ? actor.slice("staff:".length) : null;
}
