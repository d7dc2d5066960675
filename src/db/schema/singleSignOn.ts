import type { ColumnType } from 'kysely';
import type { JsonDefault, Timestamp, WithDefault } from './columns.js';

/** Tables of staff single sign-on through OpenID Connect. */

/** One group of the identity provider and the role its members get; `storeId` for the store role. */
export interface SsoRoleMappingRow {
  group: string;
  role: string;
  storeId: string | null;
}

/** The identity provider staff sign in with (one row, id `default`). */
export interface SsoSettingsTable {
  id: string;
  enabled: WithDefault<boolean>;
  issuer_url: string;
  client_id: string;
  /** The client secret, sealed with the credential box; null for a public client. */
  client_secret_sealed: string | null;
  display_name: string;
  /** The ID token claim holding the user's groups. */
  groups_claim: WithDefault<string>;
  /** Ordered: the first mapping whose group the user is in gives the role. */
  role_mappings: JsonDefault<SsoRoleMappingRow[]>;
  /** E-mail domains whose users may sign in; empty: any. */
  allowed_domains: JsonDefault<string[]>;
  /** Users unknown to Retour are created at their first sign-in (else they must exist). */
  create_users: WithDefault<boolean>;
  /** Whether the provider's own second factor (`amr`) stands in for Retour's two-factor sign-in. */
  trust_provider_mfa: WithDefault<boolean>;
  /** Whether staff other than admins may still sign in with a password. */
  password_login: WithDefault<boolean>;
  updated_at: Timestamp;
}

/** Which account at an identity provider (issuer, subject) is which staff user. */
export interface StaffIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Timestamp;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

// The tables join the database's type from here, so single sign-on's schema stays in this file.
declare module '../schema.js' {
  interface Database {
    sso_settings: SsoSettingsTable;
    staff_identities: StaffIdentitiesTable;
  }
}
