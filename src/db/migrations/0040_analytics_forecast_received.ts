import { type Kysely, sql } from 'kysely';

// The forecast reads every return line received in the last ~35 weeks (its curves' history and the
// backtest's weeks), a third of the return lines on a large shop, and only a few narrow columns of
// them. A partial index on the receipt time that carries those columns lets it read them from the
// index alone, instead of every wide return line row from the table.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index analytics_return_lines_received on analytics_return_lines (received_at)
    include (delivered_at, quantity, category_id, warehouse_id, channel_id, country)
    where received_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists analytics_return_lines_received`.execute(db);
}
