import type { ColumnType } from 'kysely';
import type { Timestamp } from './columns.js';

/** The access log: who opened which return or customer, and every export (migration 0050). */
export interface AccessLogTable {
  id: string;
  at: Timestamp;
  actor_type: 'staff' | 'api_key' | 'cli';
  /** A staff user's id, an API key's id, or the system user who ran the command line. */
  actor_id: string;
  /** `return.viewed`, `customer.viewed`, `export`. */
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** Which part of the subject was read (`risk`), or what was exported (`finance.journal`). */
  detail: string | null;
  /** An export's query, as it was asked. */
  filters: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  request_id: string | null;
  /** The caller's network: the IP with its host part zeroed (see the migration). */
  ip_network: string | null;
}
