import { type Kysely, sql } from 'kysely';

// What the back office needs: a return's value and risk to sort the queue by, notes and messages,
// saved queue views, inspection checklists, disposition rules and the value recovered per line.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('returns')
    .addColumn('value_amount', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('risk_score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('risk_signals', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  // Returns made before this migration: their value is what the policy judged per line.
  await sql`
    update returns set value_amount = coalesce((
      select sum(coalesce((rl.verdict->>'value')::int, 0)) from return_lines rl where rl.return_id = returns.id
    ), 0)`.execute(db);

  await db.schema.alterTable('return_lines').addColumn('checklist', 'jsonb').addColumn('recovered_value', 'integer').execute();

  await db.schema
    .createTable('return_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('return_id', 'text', (c) => c.notNull().references('returns.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('internal', 'shopper')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('return_notes_return_idx').on('return_notes').column('return_id').execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // A staff user or an API key: whoever saved the view.
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', 'jsonb', (c) => c.notNull())
    .addColumn('shared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('saved_views_owner_name_key', ['owner_id', 'name'])
    .execute();

  // A checklist per category; the row without a category is the default for the others.
  await db.schema
    .createTable('inspection_checklists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('category_id', 'text', (c) => c.references('categories.id').unique())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index inspection_checklists_default_key on inspection_checklists ((category_id is null)) where category_id is null`.execute(
    db,
  );

  // Grade × category → disposition; the most specific rule wins, one without a category is the
  // fallback. recovery_bp: the share of the paid price the disposition is expected to recover.
  await db.schema
    .createTable('disposition_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grade', 'text', (c) => c.notNull().check(sql`grade in ('A', 'B', 'C', 'D', 'F', 'X')`))
    .addColumn('category_id', 'text', (c) => c.references('categories.id'))
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('recovery_bp', 'integer', (c) => c.notNull().check(sql`recovery_bp between 0 and 10000`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index disposition_rules_key on disposition_rules (grade, coalesce(category_id, ''))`.execute(db);

  const now = new Date().toISOString();
  const defaults: [string, string, number][] = [
    ['A', 'restock', 10_000],
    ['B', 'restock', 8_000],
    ['C', 'refurbish', 5_000],
    ['D', 'liquidate', 2_000],
    ['F', 'return_to_vendor', 3_000],
    ['X', 'return_to_customer', 0],
  ];
  for (const [grade, disposition, bp] of defaults) {
    await sql`insert into disposition_rules (id, grade, category_id, disposition, recovery_bp, updated_at)
      values (${`dr_default_${grade.toLowerCase()}`}, ${grade}, null, ${disposition}, ${bp}, ${now})`.execute(db);
  }
  const items = [
    { code: 'tags_attached', labels: { en: 'Tags attached', nl: 'Labels zitten eraan' } },
    { code: 'unworn', labels: { en: 'Unworn, unused', nl: 'Ongedragen, ongebruikt' } },
    { code: 'original_packaging', labels: { en: 'Original packaging', nl: 'Originele verpakking' } },
    { code: 'no_damage', labels: { en: 'No damage or stains', nl: 'Geen schade of vlekken' } },
  ];
  await sql`insert into inspection_checklists (id, category_id, items, updated_at)
    values ('chk_default', null, ${JSON.stringify(items)}::jsonb, ${now})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disposition_rules').execute();
  await db.schema.dropTable('inspection_checklists').execute();
  await db.schema.dropTable('saved_views').execute();
  await db.schema.dropTable('return_notes').execute();
  await db.schema.alterTable('return_lines').dropColumn('checklist').dropColumn('recovered_value').execute();
  await db.schema.alterTable('returns').dropColumn('value_amount').dropColumn('risk_score').dropColumn('risk_signals').execute();
}
