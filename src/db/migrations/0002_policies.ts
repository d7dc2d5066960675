import { type Kysely, sql } from 'kysely';

// Return policies become versioned documents (see src/domain/policy/document.ts). The shop's
// former window and auto-approve settings move into the first published version.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policy_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','published')`))
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('based_on', 'text', (c) => c.references('policy_versions.id'))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addColumn('published_at', 'timestamptz')
    .execute();

  await sql`alter table shop_settings add column active_policy_version_id text references policy_versions(id)`.execute(db);
  await sql`
    insert into policy_versions (id, number, name, status, document, created_at, updated_at, published_at)
    select 'pol_standard', 1, 'Standard policy', 'published',
      jsonb_build_object(
        'defaults', jsonb_build_object(
          'window', jsonb_build_object('days', return_window_days, 'from', 'delivery'),
          'resolutions', '["refund","store_credit","exchange"]'::jsonb,
          'methods', '["label","qr","pickup","store"]'::jsonb,
          'autoApprove', auto_approve),
        'returnCostEstimate', 700,
        'rules', '[]'::jsonb),
      now(), now(), now()
    from shop_settings where id = 'default'`.execute(db);
  await sql`update shop_settings set active_policy_version_id = 'pol_standard'`.execute(db);
  await sql`alter table shop_settings drop column return_window_days, drop column auto_approve`.execute(db);

  await db.schema
    .createTable('policy_experiments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('control_version_id', 'text', (c) => c.notNull().references('policy_versions.id'))
    .addColumn('variant_version_id', 'text', (c) => c.notNull().references('policy_versions.id'))
    // Share of customers on the variant, in basis points (0–10,000).
    .addColumn('variant_share_bp', 'integer', (c) => c.notNull().check(sql`variant_share_bp between 1 and 9999`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','stopped')`))
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('stopped_by', 'text')
    .addColumn('stopped_at', 'timestamptz')
    .execute();
  // One experiment at a time: every return is judged by the active policy or its one variant.
  await sql`create unique index policy_experiments_one_running on policy_experiments ((true)) where status = 'running'`.execute(
    db,
  );

  await db.schema
    .createTable('policy_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('order_id', 'text', (c) => c.references('orders.id'))
    .addColumn('return_id', 'text', (c) => c.references('returns.id'))
    .addColumn('effects', 'jsonb', (c) => c.notNull())
    .addColumn('allow_return', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('revoked_at', 'timestamptz')
    .addCheckConstraint('policy_exceptions_one_scope', sql`num_nonnulls(customer_id, order_id, return_id) = 1`)
    .execute();
  await db.schema.createIndex('policy_exceptions_customer_idx').on('policy_exceptions').column('customer_id').execute();
  await db.schema.createIndex('policy_exceptions_order_idx').on('policy_exceptions').column('order_id').execute();
  await db.schema.createIndex('policy_exceptions_return_idx').on('policy_exceptions').column('return_id').execute();

  await sql`alter table returns
    add column policy_arm text check (policy_arm in ('control','variant')),
    add column experiment_id text references policy_experiments(id),
    add column withdrawal_declared_at timestamptz,
    add constraint returns_policy_version_fk foreign key (policy_version) references policy_versions(id)`.execute(db);
  // The simulator replays the returns of the last N days.
  await db.schema.createIndex('returns_created_idx').on('returns').column('created_at').execute();
  await db.schema.createIndex('returns_experiment_idx').on('returns').columns(['experiment_id', 'policy_arm']).execute();
  await sql`alter table return_lines add column verdict jsonb`.execute(db);
  // Reasons that report a defect lead to the legal-guarantee flow after the return window.
  await sql`alter table reasons add column defect boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table reasons drop column defect`.execute(db);
  await sql`alter table return_lines drop column verdict`.execute(db);
  await db.schema.dropIndex('returns_created_idx').execute();
  await sql`alter table returns drop constraint returns_policy_version_fk, drop column withdrawal_declared_at, drop column experiment_id, drop column policy_arm`.execute(
    db,
  );
  await db.schema.dropTable('policy_exceptions').execute();
  await db.schema.dropTable('policy_experiments').execute();
  await sql`alter table shop_settings add column return_window_days integer not null default 30, add column auto_approve boolean not null default true`.execute(
    db,
  );
  await sql`alter table shop_settings drop column active_policy_version_id`.execute(db);
  await db.schema.dropTable('policy_versions').execute();
}
