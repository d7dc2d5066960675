import { type Kysely, sql } from 'kysely';

// Staff notifications: what someone in the back office should act on (a return to review, a
// refund past its legal date, a webhook or e-mail that gave up), each made once; staff read them
// in the back office and may have them e-mailed too.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('return_id', 'text', (c) => c.references('returns.id'))
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    // What the text needs: the return's number, the endpoint's URL, the error.
    .addColumn('facts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_notifications_kind_idx').on('staff_notifications').columns(['kind', 'id']).execute();
  await db.schema
    .alterTable('staff_users')
    .addColumn('notify_by_email', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('notifications_seen_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('emails')
    .addColumn('notification_id', 'text', (c) => c.references('staff_notifications.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('emails').dropColumn('notification_id').execute();
  await db.schema.alterTable('staff_users').dropColumn('notify_by_email').dropColumn('notifications_seen_at').execute();
  await db.schema.dropTable('staff_notifications').execute();
}
