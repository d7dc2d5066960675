import type { ColumnType, Generated } from 'kysely';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { Json, Timestamp, TimestampDefault, WithDefault } from './columns.js';

/** Tables of fraud and abuse (migration 0044, docs/fraud.md). */

export interface RiskSettingsTable {
  /** One row, 'shop'. */
  id: string;
  /** The settings document (src/domain/risk/settings.ts); null until changed: the defaults. */
  document: Json<Record<string, unknown> | null>;
  /** Key for hashing the portal's devices and IPs: they are compared, never stored as given. */
  salt: string;
  updated_at: TimestampDefault;
  updated_by: string | null;
}

export type RiskListKind = 'customer' | 'email' | 'address' | 'phone' | 'payment';

export interface RiskListEntriesTable {
  id: string;
  list: 'block' | 'allow';
  kind: RiskListKind;
  /** The normal form compared (retour_normal_email, _address, _phone, _fingerprint; a customer id as is). */
  value: string;
  /** What staff entered, shown in the list. */
  display: string;
  reason: string;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Timestamp;
  /** Null: until removed. */
  until: Timestamp | null;
  removed_at: Timestamp | null;
  removed_by: string | null;
}

export interface RiskAssessmentsTable {
  id: string;
  return_id: string;
  customer_id: string;
  /** request and inspection are worked out; review is a person's decision on the score (GDPR Art. 22). */
  stage: 'request' | 'inspection' | 'review';
  score: number;
  level: string;
  signals: ColumnType<RiskSignal[], string, string>;
  /** What the score led to: { review, refundAfterReceipt } (a review: what the person decided). */
  decision: Json<{ review: boolean; refundAfterReceipt: boolean }>;
  allow_listed: WithDefault<boolean>;
  actor_type: string;
  actor_id: string | null;
  note: string | null;
  created_at: Timestamp;
}

export interface PortalSightingsTable {
  id: Generated<string>;
  at: Timestamp;
  kind: 'lookup' | 'lookup_failed' | 'request';
  customer_id: string | null;
  order_id: string | null;
  /** HMAC of the portal's device id under risk_settings.salt. */
  device: string | null;
  /** HMAC of the IP address under risk_settings.salt. */
  ip: string | null;
}
