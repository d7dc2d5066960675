import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('the receiving station (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let dock: StaffClient;
  let order: Awaited<ReturnType<typeof seedOrders>>[number];

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'warehouse']);
    [order] = (await seedOrders(t.ctx, [orderFixture('7001', new Date(t.clock.now.getTime() - 3 * DAY))])) as [typeof order];
    admin = await t.login('admin');
    dock = await t.login('warehouse');
  });
  afterAll(() => t?.close());

  const get = (url: string) => t.request({ method: 'GET', url, staff: dock });
  const send = (method: 'POST' | 'PUT', url: string, payload: object, staff = dock) => t.request({ method, url, staff, payload });

  it('sees a new default warehouse and replaced rules at once, and restocks where it is told, even in a warehouse it has not seen', async () => {
    const token = await t.shopperToken('7001', '7001@example.nl');
    const requested = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }],
      },
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const { returnId, lines } = requested.json() as { returnId: string; lines: { id: string }[] };
    const lineId = lines[0]?.id as string;
    const received = await send('POST', `/api/v1/returns/${returnId}/receive`, {
      lines: [{ returnLineId: lineId, quantity: 1 }],
    });
    expect(received.statusCode, received.body).toBe(200);

    const suggestionFor = (setup: { lines: { suggestions: { grade: string; disposition: string }[] }[] }, grade: string) =>
      setup.lines[0]?.suggestions.find((s) => s.grade === grade)?.disposition;
    const before = (await get(`/api/v1/returns/${returnId}/inspection`)).json();
    expect(before.warehouseId).toBe('wh_dc');
    expect(suggestionFor(before, 'A')).toBe('restock');

    // An admin adds a warehouse as the new default and sends grade A goods to liquidation.
    const north = await send(
      'POST',
      '/api/v1/warehouses',
      {
        code: 'north',
        name: 'North',
        isDefault: true,
        address: { line1: 'Noordweg 1', postcode: '9711 AA', city: 'Groningen', country: 'NL' },
      },
      admin,
    );
    expect(north.statusCode, north.body).toBe(201);
    const northId = north.json().id as string;
    const settings = (await t.request({ method: 'GET', url: '/api/v1/inspection-settings', staff: admin })).json() as {
      rules: { grade: string; categoryId: string | null; disposition: string; recoveryBp: number }[];
    };
    const rules = settings.rules.map(({ grade, categoryId, disposition, recoveryBp }) =>
      grade === 'A' && categoryId === null
        ? { grade, categoryId, disposition: 'liquidate', recoveryBp: 2000 }
        : { grade, categoryId, disposition, recoveryBp },
    );
    expect((await send('PUT', '/api/v1/disposition-rules', { rules }, admin)).statusCode).toBe(200);

    const after = (await get(`/api/v1/returns/${returnId}/inspection`)).json();
    expect(after.warehouseId).toBe(northId);
    expect(after.warehouses.map((w: { code: string }) => w.code)).toEqual(['dc', 'north']);
    expect(suggestionFor(after, 'A')).toBe('liquidate');

    // Grade B is still restocked: into the new default, as no warehouse is named.
    const graded = await send('POST', `/api/v1/returns/${returnId}/inspect`, { lines: [{ returnLineId: lineId, grade: 'B' }] });
    expect(graded.statusCode, graded.body).toBe(200);
    // Movements of one unit share its time: compared in an order of their own.
    const shelves = async () =>
      (
        await t.ctx.db
          .selectFrom('stock_movements')
          .select(['kind', 'warehouse_id', 'condition', 'quantity'])
          .where('return_line_id', '=', lineId)
          .execute()
      )
        .map((m) => `${m.kind} ${m.warehouse_id} ${m.condition} ${m.quantity}`)
        .sort();
    expect(await shelves()).toEqual([`return_restock ${northId} open_box 1`]);

    // A warehouse written straight to the database is found too, and grading again moves the units there.
    await t.ctx.db
      .insertInto('warehouses')
      .values({
        id: 'wh_side',
        code: 'side',
        name: 'Side',
        address: JSON.stringify({ line1: 'Zijweg 1', postcode: '1000 AA', city: 'Amsterdam', country: 'NL' }),
      })
      .execute();
    const moved = await send('POST', `/api/v1/returns/${returnId}/inspect`, {
      warehouseId: 'wh_side',
      lines: [{ returnLineId: lineId, grade: 'B' }],
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await shelves()).toEqual(
      [
        `return_restock ${northId} open_box 1`,
        `return_restock_reversal ${northId} open_box -1`,
        'return_restock wh_side open_box 1',
      ].sort(),
    );
    const unknown = await send('POST', `/api/v1/returns/${returnId}/inspect`, {
      warehouseId: 'wh_nowhere',
      lines: [{ returnLineId: lineId, grade: 'B' }],
    });
    expect(unknown.statusCode, unknown.body).toBe(404);
  });
});
