import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrdersFromFile, printImportSummary } from '../src/cli/importOrdersCommand.js';
import { CSV_COLUMNS } from '../src/integrations/orderFiles/readOrderFile.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const dir = mkdtempSync(join(tmpdir(), 'retour-import-dates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DB_KINDS)('imports refuse impossible delivery dates (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  const at = (ms: number) => new Date(t.clock.now.getTime() + ms);
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['agent']);
    agent = await t.login('agent');
  });
  afterAll(() => t?.close());

  const orderExists = async (number: string) =>
    (await t.ctx.db.selectFrom('orders').select('id').where('order_number', '=', number).executeTakeFirst()) !== undefined;

  it('POST /orders answers 422 with the code and the line field, and writes nothing', async () => {
    const early = orderFixture('D100', at(-3 * DAY), { placedAt: at(-2 * DAY).toISOString() });
    const res = await t.request({ method: 'POST', url: '/api/v1/orders', staff: agent, payload: early });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'DELIVERY_BEFORE_ORDER', errors: [{ path: 'lines.0.deliveredAt' }] });

    const future = orderFixture('D101', at(-DAY));
    future.lines[2] = { ...(future.lines[2] as (typeof future.lines)[number]), deliveredAt: at(DAY).toISOString() };
    const later = await t.request({ method: 'POST', url: '/api/v1/orders', staff: agent, payload: future });
    expect(later.statusCode, later.body).toBe(422);
    expect(later.json()).toMatchObject({ code: 'DELIVERY_IN_FUTURE', errors: [{ path: 'lines.2.deliveredAt' }] });
    expect(await orderExists('D100')).toBe(false);
    expect(await orderExists('D101')).toBe(false);

    // Delivered the moment it was placed, and delivered just now, are both possible.
    const now = t.clock.now.toISOString();
    const fine = orderFixture('D102', t.clock.now, { placedAt: now });
    const ok = await t.request({ method: 'POST', url: '/api/v1/orders', staff: agent, payload: fine });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a batch rejects those orders with their reasons and imports the others', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/orders/batch',
      staff: agent,
      payload: {
        orders: [
          orderFixture('D200', at(-3 * DAY)),
          orderFixture('D201', at(-5 * DAY), { placedAt: at(-4 * DAY).toISOString() }),
          orderFixture('D202', at(30 * DAY)),
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported.map((o: { orderNumber: string }) => o.orderNumber)).toEqual(['D200']);
    expect(res.json().rejected).toMatchObject([
      { index: 1, orderNumber: 'D201', code: 'DELIVERY_BEFORE_ORDER', path: 'lines.0.deliveredAt' },
      { index: 2, orderNumber: 'D202', code: 'DELIVERY_IN_FUTURE', path: 'lines.0.deliveredAt' },
    ]);
    expect(await orderExists('D201')).toBe(false);
    expect(await orderExists('D202')).toBe(false);
  });

  it('a CSV file: the rejected rows name their reason and field, the other rows are imported', async () => {
    const row = (number: string, placed: Date, delivered: Date | null) =>
      CSV_COLUMNS.map(
        (c) =>
          ({
            order_number: number,
            placed_at: placed.toISOString(),
            email: `${number.toLowerCase()}@example.nl`,
            ship_line1: 'Oudegracht 1',
            ship_postcode: '3511 AA',
            ship_city: 'Utrecht',
            ship_country: 'NL',
            sku: 'TEE-M',
            quantity: '1',
            unit_price_amount: '2000',
            delivered_at: delivered?.toISOString() ?? '',
          })[c as string] ?? '',
      ).join(',');
    const file = join(dir, `orders-${kind}.csv`);
    writeFileSync(
      file,
      [
        CSV_COLUMNS.join(','),
        row('D300', at(-5 * DAY), at(-3 * DAY)),
        row('D301', at(-5 * DAY), at(-6 * DAY)),
        row('D302', at(-5 * DAY), at(2 * DAY)),
        row('D303', at(-5 * DAY), null),
      ].join('\n'),
    );
    const summary = await importOrdersFromFile(t.ctx, file);
    expect(summary.imported).toBe(2);
    expect(summary.rejected).toMatchObject([
      { row: 3, orderNumber: 'D301', code: 'DELIVERY_BEFORE_ORDER', path: 'lines.0.deliveredAt' },
      { row: 4, orderNumber: 'D302', code: 'DELIVERY_IN_FUTURE', path: 'lines.0.deliveredAt' },
    ]);
    const printed: string[] = [];
    printImportSummary(summary, (line) => printed.push(line));
    expect(printed[0]).toBe('Imported 2 order(s); rejected 2.');
    expect(printed[1]).toMatch(/^ {2}row 3 \(order D301\): DELIVERY_BEFORE_ORDER — lines\.0\.deliveredAt: /);
    expect(printed[2]).toMatch(/^ {2}row 4 \(order D302\): DELIVERY_IN_FUTURE — lines\.0\.deliveredAt: /);
    expect(await orderExists('D300')).toBe(true);
    expect(await orderExists('D303')).toBe(true);
  });
});
