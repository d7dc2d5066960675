import { RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetAnyRoutingRule } from './anyRoutingRule.js';
import { listRoutingRules } from './routingRuleQueries.js';

/** Puts the routing rules in the order given (the first is tried first). Every rule is named
 * once, so an order made from a stale list (a rule added or removed meanwhile) is refused rather
 * than half applied. */
export async function reorderRoutingRules(ctx: AppContext, meta: CommandMeta, input: { ruleIds: string[] }) {
  const result = await inUnit(ctx, meta, async (unit) => {
    const rules = await unit.tx.selectFrom('routing_rules').select(['id', 'name', 'position']).forUpdate().execute();
    const known = new Set(rules.map((r) => r.id));
    const given = new Set(input.ruleIds);
    const unknown = input.ruleIds.findIndex((id) => !known.has(id));
    if (unknown >= 0 || given.size !== input.ruleIds.length || given.size !== known.size) {
      throw new RetourError('invalid', 'ROUTING_ORDER_INCOMPLETE', 'Name every routing rule exactly once', [
        unknown >= 0
          ? { path: `ruleIds.${unknown}`, message: 'no routing rule with this id' }
          : { path: 'ruleIds', message: `${known.size} rules, each once` },
      ]);
    }
    for (const [position, id] of input.ruleIds.entries()) {
      const rule = rules.find((r) => r.id === id);
      if (rule?.position === position) continue;
      await unit.tx.updateTable('routing_rules').set({ position, updated_at: unit.now }).where('id', '=', id).execute();
      unit.record({
        type: 'settings.routing_rule_saved',
        subjectType: 'routing_rule',
        subjectId: id,
        data: { name: rule?.name, position, from: rule?.position, reordered: true },
      });
    }
    return listRoutingRules(unit.tx);
  });
  await forgetAnyRoutingRule(ctx.caches);
  return result;
}
