import { type Kysely, sql } from 'kysely';
import { keptQuery } from '../../../db/keptQuery.js';
import type { Database } from '../../../db/schema.js';
import { type AutomationAction, type AutomationFacts, matchingRules } from '../../../domain/automation.js';
import { RetourError } from '../../../domain/errors.js';
import { UNDECIDED_ACCEPTANCES } from '../../../domain/returnLine.js';
import { TERMINAL_STATUSES } from '../../../domain/returnStatus.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { settleReturn } from '../../money/settleReturn.js';
import { approveLines } from '../../returns/approveLines.js';
import { holdReturn } from '../../returns/holdReturn.js';
import { makeMoneyWaitForGoods } from '../../risk/moneyWaits.js';
import { notifyStaff } from '../notifications/notifyStaff.js';
import { listAutomationRulesCached } from './automationRules.js';

/** Built and compiled once (see keptQuery): it runs for every event about a return. */
export const eventFactsKept = keptQuery((db: Kysely<Database>, { eventId }: { eventId: string }) =>
  db
    .selectFrom('events as e')
    .innerJoin('returns as r', 'r.id', 'e.return_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('channels as ch', 'ch.id', 'o.channel_id')
    .select([
      'e.id as event_id',
      'e.type',
      'r.id',
      'r.method',
      'r.value_amount',
      'r.risk_score',
      'r.risk_signals',
      'c.segment',
      'ch.code',
    ])
    .select(
      sql<string[]>`array(select rs.code from return_lines l join reasons rs on rs.id = l.reason_id where l.return_id = r.id)`.as(
        'reasons',
      ),
    )
    .select(
      sql<boolean>`coalesce((select a.allow_listed from risk_assessments a where a.return_id = r.id and a.stage <> 'review'
        order by a.created_at desc, a.id desc limit 1), false)`.as('allow_listed'),
    )
    .where('e.id', '=', eventId),
);

/** The event and the facts of its return the rules' conditions ask about, in one statement; null
 * when the event is not about a return (or either is gone). */
async function eventFacts(ctx: AppContext, eventId: string) {
  const row = await eventFactsKept.executeTakeFirst(ctx.db, { eventId });
  if (!row) return null;
  const facts: AutomationFacts = {
    reasons: row.reasons,
    segment: row.segment,
    channel: row.code,
    method: row.method,
    value: Number(row.value_amount),
    risk: row.risk_score,
    // Signals scored before they had a strength fired by being stored at all; an allow-listed
    // customer's are kept for the record and act on nothing.
    signals: (row.allow_listed ? [] : (row.risk_signals ?? []))
      .filter((s) => s.strength === undefined || s.threshold === undefined || s.strength >= s.threshold)
      .map((s) => s.code),
  };
  return { event: { id: row.event_id, type: row.type, returnId: row.id }, facts };
}

/** Does one action for a rule, through the command staff would use; what does not apply (the
 * return is no longer under review, already on hold) is noted, not failed. */
async function act(
  ctx: AppContext,
  meta: CommandMeta,
  rule: { id: string; name: string },
  returnId: string,
  action: AutomationAction,
): Promise<string> {
  const current = await ctx.db
    .selectFrom('returns')
    .select(['number', 'status', 'on_hold', 'refund_after_receipt'])
    .where('id', '=', returnId)
    .executeTakeFirstOrThrow();
  const terminal = TERMINAL_STATUSES.includes(current.status);
  switch (action.type) {
    case 'approve':
      if (current.status !== 'under_review' || current.on_hold) return 'not under review';
      return approveOpenLines(ctx, meta, rule, returnId);
    case 'review': {
      if (terminal || current.status === 'resolved') return 'return is finished';
      if (current.on_hold) return 'already on hold';
      await holdReturn(ctx, meta, { returnId, reason: `Rule: ${rule.name}` });
      return 'held for review';
    }
    case 'refund': {
      if (current.on_hold) return 'on hold';
      // A return whose money waits for its goods is refunded by a rule only for what arrived; staff
      // may still settle the rest by hand (a person decided).
      const lineIds = current.refund_after_receipt ? await receivedLines(ctx, returnId) : undefined;
      if (lineIds?.length === 0) return 'waiting for the goods';
      const r = await settleReturn(ctx, meta, { returnId, trigger: 'rule', ...(lineIds ? { lineIds } : {}) });
      return r.started.length ? 'refund started' : 'nothing waiting for money';
    }
    case 'refund_after_receipt':
      if (terminal || current.status === 'resolved') return 'return is finished';
      return refundAfterReceipt(ctx, meta, returnId);
    case 'tag':
      return tagReturn(ctx, meta, returnId, action.tag);
    case 'notify': {
      await ctx.db.transaction().execute((tx) =>
        notifyStaff(
          ctx,
          tx,
          [
            {
              kind: 'rule_matched',
              dedupeKey: `rule_matched:${meta.actor.id}:${returnId}:${action.message}`,
              returnId,
              subjectType: 'return',
              subjectId: returnId,
              facts: { number: current.number, rule: rule.name, message: action.message },
            },
          ],
          ctx.now(),
        ),
      );
      return 'staff notified';
    }
  }
}

/** Approves the lines of a return under review that wait for a decision, as the rule's doing. */
async function approveOpenLines(ctx: AppContext, meta: CommandMeta, rule: { name: string }, returnId: string): Promise<string> {
  const open = await ctx.db
    .selectFrom('return_lines')
    .select('id')
    .where('return_id', '=', returnId)
    .where('acceptance', 'in', UNDECIDED_ACCEPTANCES)
    .execute();
  if (open.length === 0) return 'nothing to approve';
  await approveLines(ctx, meta, {
    returnId,
    lines: open.map((l) => ({ returnLineId: l.id, reason: `Rule: ${rule.name}` })),
  });
  return 'approved';
}

/** The return's lines whose goods arrived: what a rule may refund on a return whose money waits for them. */
async function receivedLines(ctx: AppContext, returnId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('return_lines')
    .select('id')
    .where('return_id', '=', returnId)
    .where('reception', 'in', ['received', 'short_received'])
    .where('quantity_received', '>', 0)
    .execute();
  return rows.map((r) => r.id);
}

/** Makes the return's money (and an instant exchange) wait for its goods, once; recorded on the return. */
function refundAfterReceipt(ctx: AppContext, meta: CommandMeta, returnId: string): Promise<string> {
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const row = await tx
      .selectFrom('returns')
      .select('refund_after_receipt')
      .where('id', '=', returnId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.refund_after_receipt) return 'already waiting for the goods';
    await makeMoneyWaitForGoods(tx, returnId);
    record({
      type: 'return.refund_after_receipt',
      subjectType: 'return',
      subjectId: returnId,
      returnId,
      data: { refundAfterReceipt: true },
    });
    return 'refund after receipt';
  });
}

/** Adds a tag to a return, once. */
function tagReturn(ctx: AppContext, meta: CommandMeta, returnId: string, tag: string): Promise<string> {
  // Read again under the row lock: two rules may tag the same return at once.
  return inUnit(ctx, meta, async ({ tx, record }) => {
    const row = await tx.selectFrom('returns').select('tags').where('id', '=', returnId).forUpdate().executeTakeFirstOrThrow();
    if (row.tags.includes(tag)) return 'already tagged';
    await tx
      .updateTable('returns')
      .set({ tags: JSON.stringify([...row.tags, tag]) })
      .where('id', '=', returnId)
      .execute();
    record({ type: 'return.tagged', subjectType: 'return', subjectId: returnId, returnId, data: { tag } });
    return 'tagged';
  });
}

/**
 * Runs the automation rules for one event about a return: each enabled rule for the event's type
 * whose conditions hold does its actions, recorded as done by that rule (actor type `rule`). A run
 * is written before its actions and marked done after, so a rule handles an event once; a run a
 * crash left started is finished by the retry (every action checks the state first).
 */
export async function runAutomation(ctx: AppContext, eventId: string) {
  const loaded = await eventFacts(ctx, eventId);
  if (!loaded) return { rules: 0 };
  const { event } = loaded;
  const rules = matchingRules(await listAutomationRulesCached(ctx.caches, ctx.db), event.type, loaded.facts);
  let ran = 0;
  for (const rule of rules) {
    const existing = await ctx.db
      .selectFrom('automation_runs')
      .select('status')
      .where('event_id', '=', event.id)
      .where('rule_id', '=', rule.id)
      .executeTakeFirst();
    if (existing?.status === 'done') continue;
    if (!existing)
      await ctx.db
        .insertInto('automation_runs')
        .values({ event_id: event.id, rule_id: rule.id, status: 'started', created_at: ctx.now() })
        .onConflict((oc) => oc.columns(['event_id', 'rule_id']).doNothing())
        .execute();
    const meta: CommandMeta = { actor: { type: 'rule', id: rule.id } };
    const outcome: { action: string; result: string }[] = [];
    for (const action of rule.actions) {
      try {
        outcome.push({ action: action.type, result: await act(ctx, meta, rule, event.returnId, action) });
      } catch (err) {
        // A state the rule cannot act in (the return moved on meanwhile) is an answer, not a failure.
        if (err instanceof RetourError) {
          outcome.push({ action: action.type, result: `skipped: ${err.message}` });
        } else throw err;
      }
    }
    await ctx.db
      .updateTable('automation_runs')
      .set({ status: 'done', outcome: JSON.stringify(outcome) })
      .where('event_id', '=', event.id)
      .where('rule_id', '=', rule.id)
      .execute();
    ran++;
  }
  return { rules: ran };
}

/** The rules for an event could not run after every try: staff who manage the rules are told. */
export async function giveUpAutomation(ctx: AppContext, eventId: string): Promise<void> {
  const event = await ctx.db
    .selectFrom('events as e')
    .leftJoin('returns as r', 'r.id', 'e.return_id')
    .select(['e.id', 'e.type', 'e.return_id', 'r.number'])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!event) return;
  await ctx.db.transaction().execute((tx) =>
    notifyStaff(
      ctx,
      tx,
      [
        {
          kind: 'automation_failed',
          dedupeKey: `automation_failed:${event.id}`,
          returnId: event.return_id,
          subjectType: 'event',
          subjectId: event.id,
          facts: { number: event.number, event: event.type },
        },
      ],
      ctx.now(),
    ),
  );
}
