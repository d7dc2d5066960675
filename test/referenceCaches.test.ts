import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateShopSettings } from '../src/app/admin/updateShopSettings.js';
import { createWarehouse } from '../src/app/catalog/createWarehouse.js';
import { defaultWarehouse, type WarehouseEntry } from '../src/app/catalog/warehouseList.js';
import { cliActor } from '../src/app/kernel/context.js';
import { anyRoutingRule } from '../src/app/logistics/routing/anyRoutingRule.js';
import { deleteRoutingRule } from '../src/app/logistics/routing/deleteRoutingRule.js';
import { reorderRoutingRules } from '../src/app/logistics/routing/reorderRoutingRules.js';
import { type SaveRoutingRuleInput, saveRoutingRule } from '../src/app/logistics/routing/saveRoutingRule.js';
import {
  automationTriggersInUse,
  createAutomationRule,
  updateAutomationRule,
} from '../src/app/messaging/automation/automationRules.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { giveUpDelivery } from '../src/app/messaging/webhooks/deliverWebhook.js';
import { enabledWebhookEndpoints } from '../src/app/messaging/webhooks/enabledEndpoints.js';
import { updateWebhookEndpoint } from '../src/app/messaging/webhooks/updateWebhookEndpoint.js';
import { getReturnLabelData } from '../src/app/returns/returnLabel.js';
import type { AutomationRuleInput } from '../src/domain/automation.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { approvedReturn } from './support/trackingHarness.js';

const meta = { actor: cliActor };
const address = { line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' };

// The workers read the shop's reference data once per relayed batch or e-mail. Each read below
// answers from the process's copy (a change written past the commands, as nothing in Retour does,
// goes unseen) and sees a change made by a command at once.
describe.each(DB_KINDS)('reference data kept by a process (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
  });
  afterAll(() => t?.close());

  it('labels a return from the kept settings and warehouses, and shows a new warehouse or return address at once', async () => {
    const returnId = await approvedReturn(t, '7101');
    const label = () => getReturnLabelData(t.ctx.db, t.ctx.caches, returnId);

    expect((await label()).to).toMatchObject({ name: 'DC Utrecht', city: 'Utrecht' });
    await t.ctx.db.updateTable('warehouses').set({ name: 'Behind its back' }).where('id', '=', 'wh_dc').execute();
    await t.ctx.db.updateTable('shop_settings').set({ name: 'Unseen name' }).where('id', '=', 'default').execute();
    const kept = await label();
    expect(kept.to.name).toBe('DC Utrecht');
    expect(kept.shopName).not.toBe('Unseen name');

    await createWarehouse(t.ctx, meta, {
      code: 'hub',
      name: 'Hub Venlo',
      isDefault: true,
      address: { ...address, city: 'Venlo' },
    });
    expect((await label()).to).toMatchObject({ name: 'Hub Venlo', city: 'Venlo' });

    await updateShopSettings(t.ctx, meta, { returnAddress: { name: 'Returns desk', ...address, city: 'Zwolle' } });
    expect((await label()).to).toMatchObject({ name: 'Returns desk', city: 'Zwolle' });
  });

  it('knows whether a routing rule is enabled without asking again, and at once after each command', async () => {
    const enabled = () => anyRoutingRule(t.ctx.caches, t.ctx.db);
    const rule: SaveRoutingRuleInput = {
      name: 'Everything to the hub',
      conditions: {},
      destination: { kind: 'warehouse', warehouseId: 'wh_dc' },
    };
    expect(await enabled()).toBe(false);
    const saved = await saveRoutingRule(t.ctx, meta, rule);
    expect(await enabled()).toBe(true);

    await t.ctx.db.updateTable('routing_rules').set({ enabled: false }).execute();
    expect(await enabled()).toBe(true);
    await reorderRoutingRules(t.ctx, meta, { ruleIds: [saved.id] });
    expect(await enabled()).toBe(false);

    await saveRoutingRule(t.ctx, meta, { ...rule, ruleId: saved.id, enabled: true });
    expect(await enabled()).toBe(true);
    await saveRoutingRule(t.ctx, meta, { ...rule, ruleId: saved.id, enabled: false });
    expect(await enabled()).toBe(false);
    await saveRoutingRule(t.ctx, meta, { ...rule, ruleId: saved.id, enabled: true });
    expect(await enabled()).toBe(true);
    await deleteRoutingRule(t.ctx, meta, saved.id);
    expect(await enabled()).toBe(false);
  });

  it('matches events against the kept enabled endpoints, changed at once by each command and by the switch-off', async () => {
    const kept = async (id: string) => (await enabledWebhookEndpoints(t.ctx.caches, t.ctx.db)).find((e) => e.id === id);
    // The copy is filled before the endpoint exists: only the create's forget can show it.
    await enabledWebhookEndpoints(t.ctx.caches, t.ctx.db);
    const endpoint = await createWebhookEndpoint(t.ctx, meta, { url: 'http://127.0.0.1:9/hook', eventTypes: ['return.*'] });
    expect(await kept(endpoint.id)).toEqual({ id: endpoint.id, event_types: ['return.*'] });

    await t.ctx.db
      .updateTable('webhook_endpoints')
      .set({ event_types: JSON.stringify(['unseen']) })
      .execute();
    expect((await kept(endpoint.id))?.event_types).toEqual(['return.*']);

    await updateWebhookEndpoint(t.ctx, meta, endpoint.id, { eventTypes: ['return.approved'] });
    expect((await kept(endpoint.id))?.event_types).toEqual(['return.approved']);
    await updateWebhookEndpoint(t.ctx, meta, endpoint.id, { enabled: false });
    expect(await kept(endpoint.id)).toBeUndefined();
    await updateWebhookEndpoint(t.ctx, meta, endpoint.id, { enabled: true });
    expect(await kept(endpoint.id)).toBeDefined();

    // A delivery that never got through is given up, and its endpoint switched off.
    const event = await t.ctx.db
      .selectFrom('events')
      .select('id')
      .where('subject_id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    const at = t.clock.now;
    await t.ctx.db
      .insertInto('webhook_deliveries')
      .values({
        id: `whd_${endpoint.id}`,
        endpoint_id: endpoint.id,
        event_id: event.id,
        event_type: 'return.approved',
        payload: JSON.stringify({}),
        status: 'pending',
        last_error: 'answered 500',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await giveUpDelivery(t.ctx, `whd_${endpoint.id}`);
    expect(await kept(endpoint.id)).toBeUndefined();
  });

  it("takes the automation triggers from the kept rules, and sees a rule's change at once", async () => {
    const triggers = () => automationTriggersInUse(t.ctx.caches, t.ctx.db);
    const rule: AutomationRuleInput = {
      name: 'Tag the received',
      enabled: true,
      trigger: 'return.received',
      conditions: {},
      actions: [{ type: 'tag', tag: 'received' }],
    };
    expect((await triggers()).has('return.received')).toBe(false);
    const created = await createAutomationRule(t.ctx, meta, rule);
    expect((await triggers()).has('return.received')).toBe(true);

    await t.ctx.db.updateTable('automation_rules').set({ enabled: false }).where('id', '=', created.id).execute();
    expect((await triggers()).has('return.received')).toBe(true);
    await updateAutomationRule(t.ctx, meta, created.id, { ...rule, enabled: false });
    expect((await triggers()).has('return.received')).toBe(false);
    await updateAutomationRule(t.ctx, meta, created.id, { ...rule, enabled: true });
    expect((await triggers()).has('return.received')).toBe(true);
  });
});

describe('the warehouse a label falls back on', () => {
  const warehouse = (id: string, isDefault: boolean, created: string): WarehouseEntry => ({
    id,
    code: id,
    name: id,
    kind: 'warehouse',
    is_default: isDefault,
    address,
    created_at: new Date(created),
  });

  it('is the default one, else the oldest, as the list is ordered by code', () => {
    expect(defaultWarehouse([])).toBeUndefined();
    const oldest = warehouse('b', false, '2026-01-01');
    const newer = warehouse('a', false, '2026-02-01');
    expect(defaultWarehouse([newer, oldest])).toBe(oldest);
    const chosen = warehouse('c', true, '2026-03-01');
    expect(defaultWarehouse([newer, chosen, oldest])).toBe(chosen);
  });
});
