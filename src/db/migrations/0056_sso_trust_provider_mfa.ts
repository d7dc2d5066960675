import { type Kysely, sql } from 'kysely';

// Whether the identity provider's own second factor (its ID token's `amr`) stands in for Retour's
// two-factor sign-in. Off unless the shop says so: whether a provider reports `mfa` depends on how
// it is set up there, out of Retour's sight, and a role that must use two-factor should not be
// opened by a claim nobody here chose to trust.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sso_settings add column trust_provider_mfa boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sso_settings drop column trust_provider_mfa`.execute(db);
}
