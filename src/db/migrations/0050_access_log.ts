import { type Kysely, sql } from 'kysely';

// Who opened which return or customer, and every export (a file of returns, money, analytics or
// the suppression list), so a shop can answer "who saw this person's data" (GDPR Art. 5(2), 32).
// The log is itself personal data of staff: it keeps the actor's id (not their name, which a
// rename or an erasure would change), and of the IP only its network: the last octet of IPv4 and
// the last 80 bits of IPv6 are zeroed. That still tells an office from a café abroad, which is
// what someone reading the log asks, without keeping one device's address for years.
// `filters` holds what an export was asked with (the query, never the file), `detail` which part
// of a subject was read. The two indexes answer the two questions: by subject, and by actor, each
// newest first (ids sort by time).
//
// Staff sessions gain the device they were opened from (the user-agent, cut to 300 characters)
// and when they were last used, so staff can tell their own sessions apart and end the strange one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table access_log (
    id text primary key,
    at timestamptz not null,
    actor_type text not null check (actor_type in ('staff', 'api_key', 'cli')),
    actor_id text not null,
    action text not null,
    subject_type text,
    subject_id text,
    detail text,
    filters jsonb,
    request_id text,
    ip_network text
  )`.execute(db);
  await sql`create index access_log_subject_idx on access_log (subject_type, subject_id, id desc)`.execute(db);
  await sql`create index access_log_actor_idx on access_log (actor_id, id desc)`.execute(db);
  await sql`alter table staff_sessions add column user_agent text, add column last_seen_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff_sessions drop column if exists user_agent, drop column if exists last_seen_at`.execute(db);
  await sql`drop table if exists access_log`.execute(db);
}
