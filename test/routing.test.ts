import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { chooseRoute } from '../src/app/logistics/routing/chooseRoute.js';
import { planShipment } from '../src/app/logistics/shipments/planShipment.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { getReturnLabelData } from '../src/app/returns/returnLabel.js';
import type { DbHandle } from '../src/db/connection.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { testContext } from './support/testContext.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const meta = { actor: cliActor };

describe.each(DB_KINDS)('routing a return (%s)', (kind) => {
  const sendcloud = new FakeSendcloud();
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
    await sendcloud.start();
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
  afterAll(async () => {
    await handle?.close();
    await sendcloud.stop();
  });

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
    // Only approved returns are planned.
    await ctx.db.updateTable('returns').set({ status: 'approved' }).where('id', '=', returnId).execute();
    expect(await planShipment(ctx, returnId)).toBeNull();
    const label = await getReturnLabelData(ctx.db, ctx.caches, returnId);
    expect(label.to).toMatchObject({ name: 'Fixit BV', line1: 'Herstelstraat 4', city: 'Utrecht' });
  });

  it("compares the carriers' prices of the return's boxes at their estimated weight, not of one 1 kg parcel", async () => {
    await ctx.db
      .insertInto('carrier_connections')
      .values({
        id: 'car_rates',
        carrier: 'sendcloud',
        name: 'Sendcloud BE',
        credentials: ctx.carriers.box.seal(sendcloud.credentials()),
        key_hint: 'wxyz',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    const service = (id: string, code: string, position: number) => ({
      id,
      connection_id: 'car_rates',
      method: 'qr' as const,
      country: 'BE',
      service_code: code,
      service_name: code,
      position,
      created_at: NOW,
    });
    await ctx.db
      .insertInto('carrier_methods')
      .values([service('cm_be1', 'postnl:standard/return', 1), service('cm_be2', 'dhl:return/dropoff', 2)])
      .execute();
    await ctx.db
      .insertInto('routing_rules')
      .values({
        id: 'belgian',
        name: 'Belgian returns',
        position: 3,
        conditions: JSON.stringify({ countries: ['BE'] }),
        destination: JSON.stringify({ kind: 'nearest_warehouse' }),
        service_choice: 'cheapest',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    const [order] = await seedOrders(ctx, [
      orderFixture('R6', new Date(NOW.getTime() - 3 * DAY), {
        shippingAddress: { line1: 'Meir 1', postcode: '2000', city: 'Antwerpen', country: 'BE' },
      }),
    ]);
    if (!order) throw new Error('no order');
    // Three units (two tees and a jacket) packed in two boxes.
    const { returnId } = await requestReturn(ctx, meta, {
      orderId: order.id,
      source: 'agent',
      method: 'qr',
      parcelCount: 2,
      lines: [
        { orderLineId: order.lineBySku['TEE-M'] as string, quantity: 2, reasonCode: 'too_small', resolution: 'refund' },
        { orderLineId: order.lineBySku.JACKET as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' },
      ],
    });
    const route = await chooseRoute(ctx, returnId);
    const asked = sendcloud.requests('POST', /\/api\/v3\/shipping-options$/);
    expect(asked.length).toBeGreaterThan(0);
    for (const req of asked)
      expect((req.body as { parcels: unknown[] }).parcels).toEqual([
        { weight: { value: '0.750', unit: 'kg' } },
        { weight: { value: '0.750', unit: 'kg' } },
      ]);
    // Each service's price for both boxes; DHL's is the lower.
    expect(route.explanation.candidates.map((c) => [c.service, c.amount, c.chosen])).toEqual([
      ['postnl:standard/return', 1090, false],
      ['dhl:return/dropoff', 990, true],
    ]);
    expect(route.service?.code).toBe('dhl:return/dropoff');
  });

  it("books with the connection and carrier whose drop-off point the shopper picked, never another's", async () => {
    // A second connection carries QR returns from the Netherlands, configured before Sendcloud's.
    await ctx.db
      .insertInto('carrier_connections')
      .values({
        id: 'car_pn',
        carrier: 'postnl',
        name: 'PostNL',
        credentials: ctx.carriers.box.seal({ apiKey: 'pn', baseUrl: 'http://127.0.0.1:9' }),
        key_hint: 'pn',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    await ctx.db
      .insertInto('carrier_methods')
      .values({
        id: 'cm_pn',
        connection_id: 'car_pn',
        method: 'qr',
        country: 'NL',
        service_code: '3085',
        service_name: 'PostNL return',
        position: 0,
        created_at: NOW,
      })
      .execute();
    const point = (carrier: string, connectionId?: string) => ({
      id: '10340001',
      carrier,
      name: 'Point',
      kind: 'service_point',
      address: { line1: 'Damrak 1', postcode: '1012 LG', city: 'Amsterdam', country: 'NL' },
      ...(connectionId ? { connectionId } : {}),
    });
    const withPoint = async (number: string, picked: object | null) => {
      const [order] = await seedOrders(ctx, [orderFixture(number, new Date(NOW.getTime() - 3 * DAY))]);
      const returnId = await ask(order as never, 'too_small');
      await ctx.db
        .updateTable('returns')
        .set({ service_point: picked ? JSON.stringify(picked) : null })
        .where('id', '=', returnId)
        .execute();
      return chooseRoute(ctx, returnId);
    };
    // No point: the first configured service, PostNL's own connection.
    expect((await withPoint('R7', null)).connectionId).toBe('car_pn');
    // A DHL point Sendcloud found: Sendcloud's DHL service, though PostNL's and Sendcloud's PostNL come first.
    const dhl = await withPoint('R8', point('dhl', 'car_sc'));
    expect([dhl.connectionId, dhl.service?.code]).toEqual(['car_sc', 'dhl:return/dropoff']);
    expect(dhl.explanation.candidates.map((c) => c.service)).toEqual(['dhl:return/dropoff']);
    // A PostNL point found through Sendcloud is booked with Sendcloud, not the PostNL connection.
    const viaSendcloud = await withPoint('R9', point('postnl', 'car_sc'));
    expect([viaSendcloud.connectionId, viaSendcloud.service?.code]).toEqual(['car_sc', 'postnl:standard/return']);
    // A point kept without its connection goes to a service of its carrier.
    const legacy = await withPoint('R10', point('dhl'));
    expect([legacy.connectionId, legacy.service?.code]).toEqual(['car_sc', 'dhl:return/dropoff']);
  });
});
