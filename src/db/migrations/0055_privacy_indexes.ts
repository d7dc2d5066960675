import { type Kysely, sql } from 'kysely';

// What an erasure looks a person up by, so that it reads their rows by index instead of whole
// tables inside its transaction: their customer rows by the normal form of the e-mail (also on
// every customer page, which shows whether the customer can be erased), the mailbox by the
// recipient's normal form, and the staff notifications about their returns and records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index customers_normal_email_idx on customers (retour_normal_email(email))`.execute(db);
  await sql`create index emails_normal_recipient_idx on emails (retour_normal_email(recipient))`.execute(db);
  await sql`create index staff_notifications_subject_idx on staff_notifications (subject_type, subject_id)`.execute(db);
  await sql`create index staff_notifications_return_idx on staff_notifications (return_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index staff_notifications_return_idx`.execute(db);
  await sql`drop index staff_notifications_subject_idx`.execute(db);
  await sql`drop index emails_normal_recipient_idx`.execute(db);
  await sql`drop index customers_normal_email_idx`.execute(db);
}
