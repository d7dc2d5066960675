import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppCaches } from './context.js';

export type Tx = Transaction<Database>;

/** Something that happened, as a command records it; written as an event with its outbox message
 * when the command's unit commits. */
export interface RecordedEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  returnId?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
}

/** One command's transaction, its clock reading and the events it records. */
export interface Unit {
  tx: Tx;
  now: Date;
  /** The caches of the database the unit runs on (its context's). */
  caches: AppCaches;
  /** Queues an event; it is written with its outbox message when the unit commits. */
  record(event: RecordedEvent): void;
}
