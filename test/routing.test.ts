import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { chooseRoute } from '../src/app/logistics/routing/chooseRoute.js';
import { planShipment } from '../src/app/logistics/shipments/planShipment.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { getReturnLabelData } from '../src/app/returns/returnLabel.js';
import type { DbHandle } from '../src/db/connection.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const meta = { actor: cliActor };

describe.each(DB_KINDS)('routing a return (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: ReturnType<typeof testContext>;
  let orders: Awaited<ReturnType<typeof seedOrders>>;

  const ask = async (order: (typeof orders)[number], reasonCode: string, method: 'qr' | 'label' = 'qr') =>
    (
      await requestReturn(ctx, meta, {
        orderId: order.id,
        source: 'agent',
        method,
        lines: [{ orderLineId: order.lineBySku['TEE-M'] as string, quantity: 1, reasonCode, resolution: 'refund' }],
      })
    ).returnId;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => NOW });
    await seedCatalogue(ctx);
    await ctx.db
      .insertInto('warehouses')
      .values({
        id: 'wh_de',
        code: 'de',
        name: 'Hub Köln',
        address: JSON.stringify({ line1: 'Rheinweg 9', postcode: '50667', city: 'Köln', country: 'DE' }),
      })
      .execute();
    orders = await seedOrders(ctx, [
      orderFixture('R1', new Date(NOW.getTime() - 3 * DAY)),
      orderFixture('R2', new Date(NOW.getTime() - 3 * DAY), {
        shippingAddress: { line1: 'Domplatz 1', postcode: '50668', city: 'Köln', country: 'DE' },
      }),
      orderFixture('R3', new Date(NOW.getTime() - 3 * DAY), {
        shippingAddress: { line1: 'Bahnhofstrasse 1', postcode: '8001', city: 'Zürich', country: 'CH' },
      }),
      orderFixture('R4', new Date(NOW.getTime() - 3 * DAY)),
    ]);
    await ctx.db
      .insertInto('carrier_connections')
      .values({
        id: 'car_sc',
        carrier: 'sendcloud',
        name: 'Sendcloud',
        credentials: ctx.carriers.box.seal({ apiKey: 'public', apiSecret: 'secret', baseUrl: 'http://127.0.0.1:9' }),
        key_hint: 'blic',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    const service = (id: string, country: string, code: string, position: number) => ({
      id,
      connection_id: 'car_sc',
      method: 'qr' as const,
      country,
      service_code: code,
      service_name: code,
      position,
      created_at: NOW,
    });
    await ctx.db
      .insertInto('carrier_methods')
      .values([
        service('cm_2', 'NL', 'dhl:return/dropoff', 2),
        service('cm_1', 'NL', 'postnl:standard/return', 1),
        service('cm_3', 'DE', 'dhl:return/dropoff', 1),
      ])
      .execute();
    const rule = (id: string, position: number, conditions: object, destination: object) => ({
      id,
      name: `Rule ${id}`,
      position,
      conditions: JSON.stringify(conditions),
      destination: JSON.stringify(destination),
      created_at: NOW,
      updated_at: NOW,
    });
    await ctx.db
      .insertInto('routing_rules')
      .values([
        rule(
          'defects',
          1,
          { defect: true },
          {
            kind: 'repair_partner',
            name: 'Fixit BV',
            address: { line1: 'Herstelstraat 4', postcode: '3511 AA', city: 'Utrecht', country: 'NL' },
          },
        ),
        rule('german', 2, { countries: ['DE', 'AT'] }, { kind: 'nearest_warehouse' }),
      ])
      .execute();
  });
  afterAll(() => handle?.close());

  it('books the first configured service to the default warehouse when no rule takes the return, and says why', async () => {
    const route = await chooseRoute(ctx, await ask(orders[0] as never, 'too_small'));
    expect(route).toMatchObject({
      connectionId: 'car_sc',
      carrier: 'sendcloud',
      service: { code: 'postnl:standard/return', labelFormat: 'pdf', needsServicePoint: false },
      method: 'qr',
      to: { name: 'DC Utrecht', line1: 'Retourweg 1', country: 'NL' },
      destinationWarehouseId: 'wh_dc',
    });
    expect(route.explanation.rule).toBeNull();
    expect(route.explanation.skipped.map((s) => s.reason)).toEqual([
      'no line reports a defect',
      'country NL is not one of DE, AT',
    ]);
    expect(route.explanation.candidates.map((c) => [c.service, c.chosen])).toEqual([
      ['postnl:standard/return', true],
      ['dhl:return/dropoff', false],
    ]);
  });

  it('sends a German return to the German hub and a defect to the repair partner', async () => {
    const german = await chooseRoute(ctx, await ask(orders[1] as never, 'too_small'));
    expect(german.destinationWarehouseId).toBe('wh_de');
    expect(german.explanation.rule?.id).toBe('german');
    expect(german.service?.code).toBe('dhl:return/dropoff');

    const defect = await chooseRoute(ctx, await ask(orders[3] as never, 'defective'));
    expect(defect.explanation.rule?.id).toBe('defects');
    expect(defect.destinationWarehouseId).toBeNull();
    expect(defect.to).toMatchObject({ name: 'Fixit BV', city: 'Utrecht', country: 'NL' });
  });

  it('falls back to Retour’s own label where no carrier service is mapped for the country', async () => {
    const swiss = await chooseRoute(ctx, await ask(orders[2] as never, 'too_small', 'label'));
    expect(swiss.connectionId).toBeNull();
    expect(swiss.service).toBeNull();
    expect(swiss.explanation.fallback).toBe(true);
    expect(swiss.to.country).toBe('NL');
  });

  it('prints Retour’s own label to where routing sent the return when no carrier takes it', async () => {
    const swissOrder = (
      await seedOrders(ctx, [
        orderFixture('R5', new Date(NOW.getTime() - 3 * DAY), {
          shippingAddress: { line1: 'Bahnhofstrasse 2', postcode: '8001', city: 'Zürich', country: 'CH' },
        }),
      ])
    )[0];
    const returnId = await ask(swissOrder as never, 'defective', 'label');
    expect(await planShipment(ctx, returnId)).toBeNull();
    const label = await getReturnLabelData(ctx.db, returnId);
    expect(label.to).toMatchObject({ name: 'Fixit BV', line1: 'Herstelstraat 4', city: 'Utrecht' });
  });
});
