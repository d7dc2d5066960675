import type { RoutingConditions, RoutingDestination } from '../../../db/schema/logistics.js';
import { CARRIER_METHODS } from '../../../domain/carriers.js';
import { type FieldIssue, notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx } from '../../kernel/transaction.js';
import { isCountryCode } from '../connections/countryCodes.js';
import { forgetAnyRoutingRule } from './anyRoutingRule.js';
import { presentRoutingRule } from './routingRuleQueries.js';

export interface SaveRoutingRuleInput {
  /** The rule to replace; a new one (tried last) when left out. */
  ruleId?: string;
  name: string;
  enabled?: boolean;
  conditions: RoutingConditions;
  destination: RoutingDestination;
  /** `cheapest`: the cheapest rate quoted among the services configured for the method. */
  serviceChoice?: 'configured' | 'cheapest';
}

/** Makes or replaces a routing rule, checking that what it names exists: warehouses, categories,
 * reason codes, and that countries and a partner's address are complete. */
export async function saveRoutingRule(ctx: AppContext, meta: CommandMeta, input: SaveRoutingRuleInput) {
  const saved = await inUnit(ctx, meta, async (unit) => {
    const existing = input.ruleId
      ? await unit.tx
          .selectFrom('routing_rules')
          .select(['id', 'position', 'created_at'])
          .where('id', '=', input.ruleId)
          .forUpdate()
          .executeTakeFirst()
      : undefined;
    if (input.ruleId && !existing) throw notFound('Routing rule', input.ruleId);
    const issues = [
      ...(input.name.trim() ? [] : [{ path: 'name', message: 'required' }]),
      ...(await conditionIssues(unit.tx, input.conditions)),
      ...(await destinationIssues(unit.tx, input.destination)),
    ];
    if (issues.length > 0) throw new RetourError('invalid', 'ROUTING_RULE_INVALID', 'The routing rule is not valid', issues);

    const position = existing?.position ?? (await nextPosition(unit.tx));
    const row = {
      id: existing?.id ?? newId('rr'),
      name: input.name.trim(),
      position,
      enabled: input.enabled ?? true,
      conditions: input.conditions,
      destination: input.destination,
      service_choice: input.serviceChoice ?? 'configured',
      created_at: existing?.created_at ?? unit.now,
      updated_at: unit.now,
    };
    const stored = { ...row, conditions: JSON.stringify(row.conditions), destination: JSON.stringify(row.destination) };
    if (existing) await unit.tx.updateTable('routing_rules').set(stored).where('id', '=', row.id).execute();
    else await unit.tx.insertInto('routing_rules').values(stored).execute();
    unit.record({
      type: 'settings.routing_rule_saved',
      subjectType: 'routing_rule',
      subjectId: row.id,
      data: {
        name: row.name,
        created: !existing,
        enabled: row.enabled,
        position,
        conditions: row.conditions,
        destination: row.destination.kind,
        serviceChoice: row.service_choice,
      },
    });
    return presentRoutingRule(row);
  });
  await forgetAnyRoutingRule(ctx.caches);
  return saved;
}

async function nextPosition(tx: Tx): Promise<number> {
  const last = await tx
    .selectFrom('routing_rules')
    .select(({ fn }) => fn.max('position').as('max'))
    .executeTakeFirst();
  return last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
}

async function conditionIssues(tx: Tx, conditions: RoutingConditions): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  (conditions.countries ?? []).forEach((c, i) => {
    if (!isCountryCode(c))
      issues.push({ path: `conditions.countries.${i}`, message: 'a two-letter ISO country code in upper case' });
  });
  (conditions.methods ?? []).forEach((m, i) => {
    if (!(CARRIER_METHODS as readonly string[]).includes(m))
      issues.push({ path: `conditions.methods.${i}`, message: `one of ${CARRIER_METHODS.join(', ')}` });
  });
  const categoryIds = conditions.categoryIds ?? [];
  if (categoryIds.length > 0) {
    const found = new Set(
      (await tx.selectFrom('categories').select('id').where('id', 'in', categoryIds).execute()).map((r) => r.id),
    );
    categoryIds.forEach((id, i) => {
      if (!found.has(id)) issues.push({ path: `conditions.categoryIds.${i}`, message: 'no category with this id' });
    });
  }
  const reasonCodes = conditions.reasonCodes ?? [];
  if (reasonCodes.length > 0) {
    const found = new Set(
      (await tx.selectFrom('reasons').select('code').where('code', 'in', reasonCodes).execute()).map((r) => r.code),
    );
    reasonCodes.forEach((code, i) => {
      if (!found.has(code)) issues.push({ path: `conditions.reasonCodes.${i}`, message: 'no reason with this code' });
    });
  }
  return issues;
}

async function destinationIssues(tx: Tx, destination: RoutingDestination): Promise<FieldIssue[]> {
  if (destination.kind === 'nearest_warehouse') return [];
  if (destination.kind === 'warehouse') {
    const found = await tx.selectFrom('warehouses').select('id').where('id', '=', destination.warehouseId).executeTakeFirst();
    return found ? [] : [{ path: 'destination.warehouseId', message: 'no warehouse with this id' }];
  }
  const issues: FieldIssue[] = [];
  if (!destination.name.trim()) issues.push({ path: 'destination.name', message: 'required' });
  const { address } = destination;
  for (const field of ['line1', 'postcode', 'city'] as const) {
    if (!address[field]?.trim()) issues.push({ path: `destination.address.${field}`, message: 'required' });
  }
  if (!isCountryCode(address.country))
    issues.push({ path: 'destination.address.country', message: 'a two-letter ISO country code in upper case' });
  return issues;
}
