import { type Kysely, sql } from 'kysely';

// The weekly analytics report by e-mail: which staff get it (chosen by an admin, each in the
// language they read) and when it goes (a weekday and hour in the shop's time zone). One row of
// schedule; what was sent for a week is the e-mail itself (its dedupe key: week and recipient).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table analytics_report_schedule (
    id text primary key,
    enabled boolean not null default true,
    weekday smallint not null default 1 check (weekday between 1 and 7),
    hour smallint not null default 8 check (hour between 0 and 23),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into analytics_report_schedule (id) values ('default')`.execute(db);
  await sql`create table analytics_report_recipients (
    staff_user_id text primary key references staff_users (id) on delete cascade,
    locale text not null check (locale in ('en', 'nl')),
    added_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists analytics_report_recipients`.execute(db);
  await sql`drop table if exists analytics_report_schedule`.execute(db);
}
