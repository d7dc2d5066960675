import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp, WithDefault } from './columns.js';

/** Tables of What every context relies on: the event log and its outbox, idempotency keys, process leases. */

export interface EventsTable {
  id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  return_id: string | null;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: string;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  published_at: Timestamp | null;
  attempts: WithDefault<number>;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  request_hash: string;
  status: string;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  locked_until: Timestamp;
  created_at: Timestamp;
  /** The lease of the process running the request while it is in progress (null on older claims). */
  owner_lease: string | null;
  /** Set anew by each claim, so only the request holding the claim stores its response. */
  claim_token: string | null;
}

/** A running process's sign of life, renewed every few seconds (see src/app/processLease.ts). */
export interface ProcessLeasesTable {
  id: string;
  holder: string;
  expires_at: Timestamp;
  started_at: WithDefault<Timestamp>;
}

/** The encryption key ids a running process holds, renewed with its heartbeat (see keyHolders.ts). */
export interface ProcessEncryptionKeysTable {
  id: string;
  holder: string;
  key_ids: string[];
  started_at: WithDefault<Timestamp>;
  expires_at: Timestamp;
}
