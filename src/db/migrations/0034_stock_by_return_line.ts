import type { Kysely } from 'kysely';

// Grading a return reads what its lines already put on the shelf (stock movements by return line);
// without an index that read went through every movement ever made, and grew with the stock ledger.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('stock_movements_return_line_idx')
    .on('stock_movements')
    .column('return_line_id')
    .where('return_line_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('stock_movements_return_line_idx').execute();
}
