import type { Job, JobState, Queue } from "bullmq";
import { waitFor } from "./wait";

/** Waits until the job exists and is in one of `states`, and returns it as it is then. */
export async function waitForJobState(queue: Queue, jobId: string, states: readonly (JobState | "unknown")[], timeoutMs = 15_000): Promise<Job> {
  await waitFor(`job ${queue.name}/${jobId} to be ${states.join(" or ")}`, () => queue.getJobState(jobId), {
    until: (state) => states.includes(state),
    timeoutMs,
  });
  // Read after the state matched, so a finished job's return value is there.
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${queue.name}/${jobId} vanished`);
  return job;
}
