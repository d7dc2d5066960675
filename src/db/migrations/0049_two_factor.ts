import { type Kysely, sql } from 'kysely';

// Two-factor sign-in for staff (TOTP, RFC 6238): each user's secret (sealed like provider
// credentials, so a dump reveals no secret), their one-use recovery codes (hashed), the pending
// second step of a sign-in, the sessions that may only enrol, and the roles the shop requires it of.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table staff_two_factor (
    user_id text primary key references staff_users (id) on delete cascade,
    secret_sealed text not null,
    enabled_at timestamptz,
    last_used_step bigint,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create table staff_recovery_codes (
    id text primary key,
    user_id text not null references staff_users (id) on delete cascade,
    code_hash text not null,
    created_at timestamptz not null,
    used_at timestamptz
  )`.execute(db);
  await sql`create index staff_recovery_codes_user_idx on staff_recovery_codes (user_id)`.execute(db);
  await sql`create table staff_login_challenges (
    id text primary key,
    token_hash text not null unique,
    user_id text not null references staff_users (id) on delete cascade,
    failed_attempts integer not null default 0,
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`.execute(db);
  await sql`alter table staff_sessions add column enrol_only boolean not null default false`.execute(db);
  await sql`alter table shop_settings add column two_factor_roles jsonb not null default '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table shop_settings drop column two_factor_roles`.execute(db);
  await sql`alter table staff_sessions drop column enrol_only`.execute(db);
  await sql`drop table staff_login_challenges`.execute(db);
  await sql`drop table staff_recovery_codes`.execute(db);
  await sql`drop table staff_two_factor`.execute(db);
}
