import { type Kysely, sql } from 'kysely';

// How long Retour keeps what it holds about people (GDPR Art. 5(1)(e), storage limitation): four
// periods on the shop's settings, each in days, null meaning "keep". The defaults are what a shop
// without a lawyer's advice is best served with: photos a year after the return closed, e-mail
// bodies half a year, a closed return's personal texts two years (the guarantee period), logs a
// year. Amounts, dates and references of refunds and credit are never touched (bookkeeping, 7 years).
//
// The retention round works in batches, each found through an index that holds only what is still
// to do, so a round with nothing due reads nothing:
// - returns: a final return not yet cleared, by when it last changed (a final return only changes
//   by staff notes and the like, so "closed since" is at least that old); one index for photos and
//   one for personal data, each left by a return once its part is done.
// - photos never attached to a return line (a request abandoned after the upload), by upload time.
// - e-mails sent or stored whose body or address is still there; access-log rows; webhook payloads
//   and attempts; shop and carrier webhook bodies once applied; shop sync errors.
// Photo files are removed after the commit that deleted their rows; `retention_file_removals` holds
// those still to remove, so a crash in between leaves them for the next round.
// `retention_runs` records each run (its counts, a dry run's too) for the back office; a run in
// progress names the process lease of its process, so a second process does not start another
// while it lives, and one whose process died is taken over.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table shop_settings
    add column retention_photo_days integer default 365,
    add column retention_email_days integer default 180,
    add column retention_personal_days integer default 730,
    add column retention_log_days integer default 365`.execute(db);
  await sql`alter table returns add column photos_removed_at timestamptz, add column personal_data_removed_at timestamptz`.execute(
    db,
  );
  const final = sql.raw(`status in ('closed', 'rejected', 'cancelled', 'expired')`);
  await sql`create index returns_retention_photos_idx on returns (updated_at, id)
    where ${final} and photos_removed_at is null`.execute(db);
  await sql`create index returns_retention_personal_idx on returns (updated_at, id)
    where ${final} and personal_data_removed_at is null`.execute(db);
  await sql`create index return_photos_unattached_idx on return_photos (created_at, id) where return_line_id is null`.execute(db);
  await sql`create index emails_retention_idx on emails (created_at, id)
    where status <> 'pending' and (html is not null or text_body is not null or recipient is not null)`.execute(db);
  await sql`create index access_log_at_idx on access_log (at)`.execute(db);
  await sql`create index webhook_deliveries_retention_idx on webhook_deliveries (created_at, id)
    where status <> 'pending' and payload <> '{}'::jsonb`.execute(db);
  await sql`create index webhook_attempts_at_idx on webhook_attempts (attempted_at)`.execute(db);
  await sql`create index shop_webhooks_retention_idx on shop_webhooks (received_at, id)
    where applied_at is not null and event <> '{}'::jsonb`.execute(db);
  await sql`create index carrier_webhooks_retention_idx on carrier_webhooks (received_at, id)
    where applied_at is not null and updates <> '[]'::jsonb`.execute(db);
  await sql`create index shop_sync_errors_at_idx on shop_sync_errors (created_at)`.execute(db);
  // A closed return's events carry the shopper's words too (a request's line comments, a message,
  // a dispute): their outbox messages and webhook deliveries are found by event.
  await sql`create index outbox_by_event_idx on outbox (event_id)`.execute(db);
  await sql`create index webhook_deliveries_by_event_idx on webhook_deliveries (event_id)`.execute(db);
  await sql`create table retention_file_removals (
    photo_id text primary key,
    queued_at timestamptz not null
  )`.execute(db);
  await sql`create table retention_runs (
    id text primary key,
    started_at timestamptz not null,
    finished_at timestamptz,
    dry_run boolean not null,
    started_by text not null,
    lease_id text,
    counts jsonb not null default '{}'::jsonb,
    error text
  )`.execute(db);
  // One run at a time across every process.
  await sql`create unique index retention_runs_one_running on retention_runs ((true)) where finished_at is null`.execute(db);
  await sql`create index retention_runs_started_idx on retention_runs (started_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists retention_runs`.execute(db);
  await sql`drop table if exists retention_file_removals`.execute(db);
  for (const index of [
    'webhook_deliveries_by_event_idx',
    'outbox_by_event_idx',
    'shop_sync_errors_at_idx',
    'carrier_webhooks_retention_idx',
    'shop_webhooks_retention_idx',
    'webhook_attempts_at_idx',
    'webhook_deliveries_retention_idx',
    'access_log_at_idx',
    'emails_retention_idx',
    'return_photos_unattached_idx',
    'returns_retention_personal_idx',
    'returns_retention_photos_idx',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  await sql`alter table returns drop column if exists photos_removed_at, drop column if exists personal_data_removed_at`.execute(
    db,
  );
  await sql`alter table shop_settings
    drop column if exists retention_photo_days,
    drop column if exists retention_email_days,
    drop column if exists retention_personal_days,
    drop column if exists retention_log_days`.execute(db);
}
