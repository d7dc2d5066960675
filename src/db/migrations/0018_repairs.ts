import type { Kysely } from 'kysely';

// Repairs granted under the legal guarantee: one per return line, tracked from "awaiting the item"
// to "sent back repaired" or "could not be repaired" (then a replacement or a refund).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('repairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('return_line_id', 'text', (c) => c.notNull().unique().references('return_lines.id'))
    .addColumn('number', 'text', (c) => c.notNull().unique())
    // awaiting_item · in_repair · shipped_back · unrepairable · cancelled
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('fallback', 'text')
    .addColumn('tracking_number', 'text')
    .addColumn('carrier', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('repairs_by_return').on('repairs').column('return_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('repairs').execute();
}
