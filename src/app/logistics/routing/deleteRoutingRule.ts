import { notFound } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetAnyRoutingRule } from './anyRoutingRule.js';

/** Removes a routing rule; returns already routed keep where they were sent. */
export async function deleteRoutingRule(ctx: AppContext, meta: CommandMeta, ruleId: string) {
  const result = await inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx.deleteFrom('routing_rules').where('id', '=', ruleId).returning(['id', 'name']).executeTakeFirst();
    if (!row) throw notFound('Routing rule', ruleId);
    unit.record({
      type: 'settings.routing_rule_deleted',
      subjectType: 'routing_rule',
      subjectId: row.id,
      data: { name: row.name },
    });
    return null;
  });
  await forgetAnyRoutingRule(ctx.caches);
  return result;
}
