import { type Kysely, sql } from 'kysely';

// E-mails to shoppers: one row per e-mail an event (or the ship-by reminder round) asks for, made
// once (dedupe_key), rendered and sent by a job, and kept as sent: the log on a return and, on
// installations without SMTP, the local mailbox the back office reads.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('emails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The event id and kind, or "ship_by_reminder:<return id>": an e-mail is asked for once.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('return_id', 'text', (c) => c.references('returns.id'))
    .addColumn('event_id', 'text', (c) => c.references('events.id'))
    .addColumn('recipient', 'text')
    .addColumn('locale', 'text')
    .addColumn('subject', 'text')
    .addColumn('html', 'text')
    .addColumn('text_body', 'text')
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // pending · sent (an SMTP server took it) · stored (kept in the local mailbox) · failed (gave up)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('transport', 'text')
    .addColumn('message_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('emails_return_idx').on('emails').columns(['return_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('emails').execute();
}
