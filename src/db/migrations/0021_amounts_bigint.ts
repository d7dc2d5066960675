import { type Kysely, sql } from 'kysely';

// Amounts are bigint minor units everywhere (architecture.md); three columns added later were
// integer. An order within the API's bounds (a unit up to 10,000,000.00, up to 10,000 of it) can
// make a return worth more than an integer holds, and requesting it failed in the database.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table returns alter column value_amount type bigint`.execute(db);
  await sql`alter table return_lines alter column recovered_value type bigint, alter column exchange_unit_price type bigint`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table return_lines alter column recovered_value type integer, alter column exchange_unit_price type integer`.execute(
    db,
  );
  await sql`alter table returns alter column value_amount type integer`.execute(db);
}
