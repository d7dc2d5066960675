import type { Kysely } from 'kysely';

// What the shop platform itself refunded of each order line (in its admin, outside Retour): those
// units and that money cannot be returned and refunded again through Retour.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('order_lines')
    .addColumn('refunded_quantity', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_amount', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('order_lines').dropColumn('refunded_quantity').dropColumn('refunded_amount').execute();
}
