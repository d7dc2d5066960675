import type { RetourDb } from '../../../db/connection.js';
import type { AUTOMATION_TRIGGERS, AutomationRule, AutomationRuleInput } from '../../../domain/automation.js';
import { notFound } from '../../../domain/errors.js';
import type { AppCaches, AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { TimedValue } from '../../kernel/timedValue.js';
import { inUnit } from '../../kernel/transaction.js';

export interface AutomationRuleView extends AutomationRule {
  position: number;
  updatedAt: string;
}

/** Every rule in the order they run. */
export async function listAutomationRules(db: RetourDb): Promise<AutomationRuleView[]> {
  const rows = await db.selectFrom('automation_rules').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger as (typeof AUTOMATION_TRIGGERS)[number],
    conditions: r.conditions,
    actions: r.actions,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** How long the rules are believed before they are read again, when no change was heard of. */
const LIFETIME_MS = 10_000;

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** The automation rules as the workers run them: read once, not for every event about a return. */
    automationRules: TimedValue<readonly AutomationRuleView[]>;
  }
}

export const automationRulesCache = () => new TimedValue<readonly AutomationRuleView[]>(LIFETIME_MS);

/** Every rule in the order they run, as kept by this process. A rule changed here is seen at once
 * (the change calls forgetAutomationRules), one changed in another process within milliseconds on
 * PostgreSQL (see src/runtime/cacheChanges.ts), else within LIFETIME_MS. */
export function listAutomationRulesCached(caches: AppCaches, db: RetourDb): Promise<readonly AutomationRuleView[]> {
  return caches.automationRules.get(() => listAutomationRules(db));
}

/** Drops the kept rules after a change (here and, on PostgreSQL, in the other processes). */
export function forgetAutomationRules(caches: AppCaches): Promise<void> {
  return caches.automationRules.forget();
}

/** The event types some enabled rule waits for: the relay queues a run only for those. Taken from
 * the kept rules (read through `reader`, the relay's transaction), so a batch costs no statement.
 * A rule enabled in another process a moment ago may be unknown here for the milliseconds until
 * this process hears of it: the events relayed meanwhile get no run, as if they had come just
 * before the change; likewise a rule just disabled may still get a run (and run: the runner reads
 * the same copy), as if the event had come just before it was disabled. */
export async function automationTriggersInUse(caches: AppCaches, reader: RetourDb): Promise<Set<string>> {
  const rules = await listAutomationRulesCached(caches, reader);
  return new Set(rules.filter((r) => r.enabled).map((r) => r.trigger));
}

async function ruleOrThrow(db: RetourDb, id: string) {
  const rule = (await listAutomationRules(db)).find((r) => r.id === id);
  if (!rule) throw notFound('Automation rule', id);
  return rule;
}

export async function createAutomationRule(ctx: AppContext, meta: CommandMeta, input: AutomationRuleInput) {
  const id = newId('aut');
  await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const last = await tx
      .selectFrom('automation_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .executeTakeFirst();
    await tx
      .insertInto('automation_rules')
      .values({
        id,
        position: Number(last?.p ?? 0) + 1,
        name: input.name,
        enabled: input.enabled,
        trigger: input.trigger,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        created_at: now,
        updated_at: now,
      })
      .execute();
    record({ type: 'automation_rule.created', subjectType: 'automation_rule', subjectId: id, data: { ...input } });
  });
  await forgetAutomationRules(ctx.caches);
  return ruleOrThrow(ctx.db, id);
}

export async function updateAutomationRule(
  ctx: AppContext,
  meta: CommandMeta,
  id: string,
  input: AutomationRuleInput & { position?: number },
) {
  await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const changed = await tx
      .updateTable('automation_rules')
      .set({
        name: input.name,
        enabled: input.enabled,
        trigger: input.trigger,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        ...(input.position !== undefined ? { position: input.position } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) throw notFound('Automation rule', id);
    record({ type: 'automation_rule.updated', subjectType: 'automation_rule', subjectId: id, data: { ...input } });
  });
  await forgetAutomationRules(ctx.caches);
  return ruleOrThrow(ctx.db, id);
}

/** A rule that has run is kept (its runs refer to it) but switched off; one that never ran goes. */
export async function deleteAutomationRule(ctx: AppContext, meta: CommandMeta, id: string) {
  const result = await inUnit(ctx, meta, async ({ tx, now, record }) => {
    const rule = await tx.selectFrom('automation_rules').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!rule) throw notFound('Automation rule', id);
    const ran = await tx.selectFrom('automation_runs').select('rule_id').where('rule_id', '=', id).limit(1).executeTakeFirst();
    if (ran) await tx.updateTable('automation_rules').set({ enabled: false, updated_at: now }).where('id', '=', id).execute();
    else await tx.deleteFrom('automation_rules').where('id', '=', id).execute();
    record({ type: 'automation_rule.deleted', subjectType: 'automation_rule', subjectId: id, data: { kept: Boolean(ran) } });
    return { id, deleted: !ran, disabled: Boolean(ran) };
  });
  await forgetAutomationRules(ctx.caches);
  return result;
}
