import type { ColumnType } from 'kysely';
import type { Timestamp } from './columns.js';

/** Tables of Retention: photo files still to remove, and the runs of the retention round (migration 0052). */

export interface RetentionFileRemovalsTable {
  /** A photo whose row went: its files are removed after the commit, or by the next round. */
  photo_id: string;
  queued_at: Timestamp;
}

/** What one run of the retention round removed, per kind (see RetentionCounts). */
export interface RetentionRunsTable {
  id: string;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  dry_run: boolean;
  /** `round` (the background round) or `cli`. */
  started_by: string;
  /** The process lease of the process running it; a run whose lease ended is taken over. */
  lease_id: string | null;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  error: ColumnType<string | null, string | null | undefined, string | null>;
}
