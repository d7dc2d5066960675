import type { RetourDb } from '../../../db/connection.js';
import type { RoutingConditions, RoutingDestination } from '../../../db/schema/logistics.js';
import type { Tx } from '../../kernel/transaction.js';

interface RoutingRuleRow {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RoutingConditions;
  destination: RoutingDestination;
  service_choice: 'configured' | 'cheapest';
  created_at: Date;
  updated_at: Date;
}

export const presentRoutingRule = (r: RoutingRuleRow) => ({
  id: r.id,
  name: r.name,
  position: r.position,
  enabled: r.enabled,
  conditions: r.conditions,
  destination: r.destination,
  serviceChoice: r.service_choice,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The routing rules in the order they are tried: the first that takes a return decides. */
export async function listRoutingRules(db: RetourDb | Tx) {
  const rows = await db.selectFrom('routing_rules').selectAll().orderBy('position').orderBy('id').execute();
  return { items: rows.map(presentRoutingRule) };
}

/** One routing rule, or null. */
export async function findRoutingRule(db: RetourDb | Tx, ruleId: string) {
  const row = await db.selectFrom('routing_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
  return row ? presentRoutingRule(row) : null;
}
