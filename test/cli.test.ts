import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { exportReturnsCsv } from '../src/cli/exportReturnsCommand.js';
import { importOrdersFromFile } from '../src/cli/importOrdersCommand.js';
import { CSV_COLUMNS } from '../src/integrations/orderFiles/readOrderFile.js';
import { DB_KINDS } from './support/databases.js';
import { orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const dir = mkdtempSync(join(tmpdir(), 'retour-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(rows: Record<string, string | number>[]): string {
  const header = CSV_COLUMNS.join(',');
  return [header, ...rows.map((r) => CSV_COLUMNS.map((c) => r[c] ?? '').join(','))].join('\n');
}

const orderRow = (number: string, sku: string, extra: Record<string, string | number> = {}) => ({
  order_number: number,
  placed_at: '2026-06-01T10:00:00Z',
  channel: 'webshop',
  currency: 'EUR',
  email: `${number}@example.be`,
  first_name: 'Lotte',
  last_name: 'Peeters',
  ship_line1: 'Meir 1',
  ship_postcode: '2000',
  ship_city: 'Antwerpen',
  ship_country: 'BE',
  shipping_amount: 495,
  sku,
  quantity: 1,
  unit_price_amount: 2000,
  tax_rate_bp: 2100,
  delivered_at: '2026-06-03T12:00:00Z',
  ...extra,
});

describe.each(DB_KINDS)('CLI import and export (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
  });
  afterAll(() => t?.close());

  it('imports a CSV, grouping lines per order, and reports every rejected row with its reason', async () => {
    const file = join(dir, `orders-${kind}.csv`);
    writeFileSync(
      file,
      csv([
        orderRow('A1', 'TEE-M'),
        orderRow('A1', 'TEE-L', { quantity: 2 }),
        orderRow('A2', 'UNKNOWN-SKU'), // no title for an unknown SKU
        orderRow('A3', 'TEE-M', { quantity: 'two' }),
        orderRow('A4', 'TEE-M', { channel: 'nowhere' }),
        orderRow('A5', 'TEE-M', { email: 'not-an-email' }),
      ]),
    );
    const summary = await importOrdersFromFile(t.ctx, file);
    expect(summary.imported).toBe(1);
    expect(summary.rejected.map((r) => [r.row, r.orderNumber, r.code])).toEqual([
      [4, 'A2', 'TITLE_REQUIRED'],
      [5, 'A3', 'VALIDATION_FAILED'],
      [6, 'A4', 'CHANNEL_NOT_FOUND'],
      [7, 'A5', 'VALIDATION_FAILED'],
    ]);
    expect(summary.rejected[1]?.message).toContain('lines.0.quantity');
    const order = await t.ctx.db.selectFrom('orders').selectAll().where('order_number', '=', 'A1').executeTakeFirstOrThrow();
    expect(order.total_amount).toBe(2000 + 4000 + 495);
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select(['sku', 'quantity'])
      .where('order_id', '=', order.id)
      .orderBy('line_number')
      .execute();
    expect(lines).toEqual([
      { sku: 'TEE-M', quantity: 1 },
      { sku: 'TEE-L', quantity: 2 },
    ]);
    // Importing the same file again rejects the existing order instead of duplicating it.
    const again = await importOrdersFromFile(t.ctx, file);
    expect(again.imported).toBe(0);
    expect(again.rejected.find((r) => r.orderNumber === 'A1')?.code).toBe('ORDER_EXISTS');
  });

  it('imports a JSON file of orders', async () => {
    const file = join(dir, `orders-${kind}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        orders: [
          {
            orderNumber: 'J1',
            placedAt: '2026-06-01T10:00:00Z',
            customer: { email: 'j1@example.de' },
            shippingAddress: { line1: 'Unter den Linden 1', postcode: '10117', city: 'Berlin', country: 'de' },
            lines: [{ sku: 'TEE-M', quantity: 1, unitPriceAmount: 2000, deliveredAt: '2026-06-03T12:00:00Z' }],
          },
          { orderNumber: 'J2' },
        ],
      }),
    );
    const summary = await importOrdersFromFile(t.ctx, file);
    expect(summary.imported).toBe(1);
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]).toMatchObject({ row: 2, orderNumber: 'J2', code: 'VALIDATION_FAILED' });
  });

  it('exports returns as CSV, one row per return line, with fields quoted safely', async () => {
    // An order of this test's own, two lines, delivered a week before the return.
    const delivered = '2026-06-03T12:00:00Z';
    const line = (sku: string) => ({
      sku,
      quantity: 1,
      unitPriceAmount: 2000,
      discountAmount: 0,
      taxRateBp: 2100,
      deliveredAt: delivered,
    });
    const [order] = await seedOrders(t.ctx, [orderFixture('E1', new Date(delivered), { lines: [line('TEE-M'), line('TEE-L')] })]);
    if (!order) throw new Error('the order was not seeded');
    const lines = await t.ctx.db
      .selectFrom('order_lines')
      .select('id')
      .where('order_id', '=', order.id)
      .orderBy('line_number')
      .execute();
    t.clock.now = new Date('2026-06-10T10:00:00Z');
    await requestReturn(
      t.ctx,
      { actor: cliActor },
      {
        orderId: order.id,
        source: 'agent',
        lines: lines.map((l) => ({
          orderLineId: l.id,
          quantity: 1,
          reasonCode: 'too_small',
          resolution: 'refund' as const,
          comment: 'a, "quoted" note',
        })),
      },
    );
    let text = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    });
    const rows = await exportReturnsCsv(t.ctx, sink);
    expect(rows).toBe(2);
    const csvLines = text.trim().split('\r\n');
    expect(csvLines[0]).toContain('return_number,return_id,status');
    expect(csvLines).toHaveLength(3);
    expect(csvLines[1]).toMatch(/^R-\d+,ret_/);
    expect(csvLines[1]).toContain(',"a, ""quoted"" note",');
  });
});
