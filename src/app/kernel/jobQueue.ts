import type { RetourDb } from '../../db/connection.js';
import type { Tx } from './unit.js';

/** Puts jobs on a queue inside the caller's transaction, so they exist exactly when it commits.
 * Given the database itself, the jobs are queued by one statement of their own: for work already
 * stored, where no transaction of three statements is needed. The job machinery (src/jobs)
 * supplies it; commands only say what to queue. */
export interface QueuedJob {
  data: Record<string, unknown>;
  singletonKey?: string;
  /** Seconds after the database's clock at which the job may start (default at once). */
  delaySeconds?: number;
}

export interface JobEnqueuer {
  enqueue(tx: Tx | RetourDb, queue: string, jobs: QueuedJob[]): Promise<void>;
}

declare module './context.js' {
  interface AppPorts {
    /** Where commands queue background jobs, in their own transaction. */
    jobs: JobEnqueuer;
  }
}
