import type { ColumnType } from 'kysely';
import type { Address, Json, JsonDefault, Timestamp, TimestampDefault, WithDefault } from './columns.js';

/** Tables of Shop settings, staff and their ways in (sessions, API keys), and the app's own secrets. */

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: TimestampDefault;
}

export interface ShopSettingsTable {
  id: string;
  name: string;
  currency: WithDefault<string>;
  timezone: WithDefault<string>;
  default_locale: WithDefault<string>;
  locales: Json<string[]>;
  ship_by_days: WithDefault<number>;
  store_credit_validity_days: ColumnType<number | null, number | null | undefined, number | null>;
  finance_accounts: ColumnType<Record<string, string>, string | undefined, string>;
  /** Where the surplus of an exchange for something cheaper goes: refund or store_credit. */
  exchange_surplus: WithDefault<string>;
  /** An instant exchange whose old item is not back in time: charge or review. */
  instant_exchange_unreturned: WithDefault<string>;
  active_policy_version_id: string | null;
  return_address: Json<Address | null>;
  logo_url: string | null;
  /** The brand's main colour as #rrggbb; the portal picks readable text colours for it. */
  brand_color: string | null;
  support_email: string | null;
  /** Working days without tracking news after which a parcel the carrier has is flagged as lost. */
  stalled_parcel_days: WithDefault<number>;
  /** What an hour of inspection costs, minor units: the costs report prices inspection time at it. */
  analytics_handling_rate: WithDefault<number>;
  /** The staff roles that must sign in with a second factor (TOTP). */
  two_factor_roles: JsonDefault<string[]>;
  /** Retention periods in days (null: kept); see migration 0052 and src/domain/privacy/retention.ts. */
  retention_photo_days: ColumnType<number | null, number | null | undefined, number | null>;
  retention_email_days: ColumnType<number | null, number | null | undefined, number | null>;
  retention_personal_days: ColumnType<number | null, number | null | undefined, number | null>;
  retention_log_days: ColumnType<number | null, number | null | undefined, number | null>;
  updated_at: TimestampDefault;
}

export interface StaffUsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  active: WithDefault<boolean>;
  created_at: TimestampDefault;
  last_login_at: Timestamp | null;
  notify_by_email: WithDefault<boolean>;
  notifications_seen_at: Timestamp | null;
  /** For the `store` role: the store (a warehouse of kind `store`) this user works at. */
  store_id: string | null;
}

export interface StaffSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  /** A session of a user whose role requires two-factor sign-in and who has none yet: it may only enrol. */
  enrol_only: WithDefault<boolean>;
  /** The device the session is used from (its user-agent), noted on its first use. */
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the session was last used, noted at most once a minute. */
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A staff user's TOTP secret (sealed); on once `enabled_at` is set. */
export interface StaffTwoFactorTable {
  user_id: string;
  secret_sealed: string;
  enabled_at: Timestamp | null;
  /** The last time step a code was accepted for: a code is good once. */
  last_used_step: number | null;
  created_at: Timestamp;
}

/** One-use recovery codes, hashed. */
export interface StaffRecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** A sign-in whose password was right, waiting for its second factor. */
export interface StaffLoginChallengesTable {
  id: string;
  token_hash: string;
  user_id: string;
  failed_attempts: WithDefault<number>;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** For the `store` role: the store whose till uses this key. */
  store_id: string | null;
  /** The permissions the key may use (a JSON array, each one its role has); null: all its role's. */
  scopes: ColumnType<string[] | null, string | null | undefined, string | null>;
  /** When the key stops working; null: never. */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
