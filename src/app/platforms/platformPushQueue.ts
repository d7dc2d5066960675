/** The job queue through which Retour's returns and restocks reach the shop platforms orders came
 * from (Shopify), and where a job that kept failing goes to be given up. The job machinery
 * (src/jobs) makes the queues and works them. */
export const PLATFORM_PUSH_QUEUE = 'platforms.push';
export const PLATFORM_PUSH_DEAD_QUEUE = 'platforms.push.dead';

/** Bring the platform's copy of a return in line with Retour's: registered once approved,
 * called off when Retour's is, its receipt reported once its lines are graded. */
export interface PlatformReturnJob {
  kind: 'return';
  returnId: string;
}

/** Add the units of one restock stock movement to the platform's inventory, once. */
export interface PlatformRestockJob {
  kind: 'restock';
  movementId: string;
}

export type PlatformPushJob = PlatformReturnJob | PlatformRestockJob;

/** The key a job waits under: a second job for the same return or movement is not queued while
 * one waits (it would find the same state). */
export function platformJobKey(job: PlatformPushJob): string {
  return job.kind === 'return' ? `return:${job.returnId}` : `restock:${job.movementId}`;
}
