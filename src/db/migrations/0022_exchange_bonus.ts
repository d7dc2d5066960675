import type { Kysely } from 'kysely';

// The policy's exchange bonus counts towards the new item: each exchange order line keeps the
// bonus it was given, so the breakdown (new units − returned value − bonus = difference) can be
// shown as it was priced. Orders priced before had no bonus.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('exchange_order_lines')
    .addColumn('bonus', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('exchange_order_lines').dropColumn('bonus').execute();
}
