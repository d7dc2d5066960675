import { type Kysely, sql } from 'kysely';

// Staff single sign-on through OpenID Connect: the one identity provider the shop signs its staff
// in with (its client secret sealed like provider credentials, so a dump reveals no secret), how
// the provider's groups map to roles, and which provider account is which staff user.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table sso_settings (
    id text primary key check (id = 'default'),
    enabled boolean not null default false,
    issuer_url text not null,
    client_id text not null,
    client_secret_sealed text,
    display_name text not null,
    groups_claim text not null default 'groups',
    role_mappings jsonb not null default '[]'::jsonb,
    allowed_domains jsonb not null default '[]'::jsonb,
    create_users boolean not null default false,
    password_login boolean not null default true,
    updated_at timestamptz not null
  )`.execute(db);
  await sql`create table staff_identities (
    issuer text not null,
    subject text not null,
    user_id text not null references staff_users (id) on delete cascade,
    created_at timestamptz not null,
    last_used_at timestamptz,
    primary key (issuer, subject)
  )`.execute(db);
  await sql`create index staff_identities_user_idx on staff_identities (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table staff_identities`.execute(db);
  await sql`drop table sso_settings`.execute(db);
}
