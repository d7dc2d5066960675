import { type Kysely, sql } from 'kysely';
import { DEFAULT_AUTOMATION_RULES } from '../../domain/automation.js';

// Automation rules (when an event about a return happens and conditions hold, do actions), the
// record of which rule ran for which event (once each), and tags on returns for rules to set.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('automation_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('conditions', 'jsonb', (c) => c.notNull())
    .addColumn('actions', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('automation_runs')
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull().references('automation_rules.id'))
    // started · done (each action done or found not to apply)
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('outcome', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('automation_runs_once', ['event_id', 'rule_id'])
    .execute();
  await db.schema
    .alterTable('returns')
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  const rows = DEFAULT_AUTOMATION_RULES.map((r, i) => ({
    id: `aut_default_${i + 1}`,
    position: i + 1,
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    conditions: JSON.stringify(r.conditions),
    actions: JSON.stringify(r.actions),
  }));
  await (db as Kysely<Record<string, Record<string, unknown>>>).insertInto('automation_rules').values(rows).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('returns').dropColumn('tags').execute();
  await db.schema.dropTable('automation_runs').execute();
  await db.schema.dropTable('automation_rules').execute();
}
