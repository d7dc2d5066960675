import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from './columns.js';

/** One answered request to erase a shopper's personal data (migration 0051): the proof that the
 * shop answered, holding ids and counts only, never what was erased. */
export interface PrivacyErasuresTable {
  id: string;
  /** Every customer row of the person (one per e-mail spelling). */
  customer_ids: Json<string[]>;
  requested_by_type: string;
  requested_by_id: string | null;
  erased_at: Timestamp;
  /** How many of each kind were erased or anonymised (orders, returns, photos, e-mails …). */
  counts: Json<Record<string, number>>;
  /** Photos whose files are still to be removed from the data directory. */
  pending_files: ColumnType<string[], string | undefined, string>;
  files_removed_at: Timestamp | null;
}
