import { type Kysely, sql } from 'kysely';

// A product's variants have the order the shop gives them (XS, S, M, L, XL), which no column
// held: lists sorted by SKU showed sizes alphabetically (L, M, S, XL, XS). Existing variants get
// the order they were created in, which their time-sortable ids keep.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table variants add column position integer not null default 0`.execute(db);
  await sql`
    update variants v set position = ranked.n
    from (select id, (row_number() over (partition by product_id order by id))::int - 1 as n from variants) ranked
    where ranked.id = v.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table variants drop column position`.execute(db);
}
