import { describe, expect, it } from 'vitest';
import { orderRowOf, type SyncConnection } from '../src/app/catalog/sync/shopOrderRows.js';
import { shopOrder } from './support/shopSync.js';

const connection: SyncConnection = {
  id: 'shc_rows',
  platform: 'woocommerce',
  name: 'Rows',
  channelId: 'chn_rows',
  channelCode: 'rows',
  settings: {},
};
const ids = { orderId: 'ord_rows', orderNumber: '1001', customerId: 'cus_rows' };

describe("an order's row", () => {
  it.each([
    ['2028-02-29T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
    ['2026-05-01T12:00:00+02:00', '2026-05-01T10:00:00.000Z'],
    ['2026-05-01T10:00:00Z', '2026-05-01T10:00:00.000Z'],
    // Days the month does not have, which JavaScript rolls over and PostgreSQL refuses.
    ['2026-02-30T10:00:00.000Z', '2026-03-02T10:00:00.000Z'],
    ['2100-02-29T10:00:00.000Z', '2100-03-01T10:00:00.000Z'],
    ['2026-04-31T23:00:00.000Z', '2026-05-01T23:00:00.000Z'],
  ])('writes the instant %s as %s', (given, written) => {
    const order = shopOrder('rows-1', { placedAt: given, updatedAt: given, cancelledAt: given });
    const { row } = orderRowOf(connection, order, ids);
    expect([row.placed_at, row.source_updated_at, row.cancelled_at]).toEqual([written, written, written]);
  });

  it('sums its lines: gross, discount, tax and what was paid with shipping', () => {
    const order = shopOrder('rows-2');
    const { row, priced } = orderRowOf(connection, order, ids);
    const total = (k: 'gross' | 'discount' | 'tax' | 'paid') => priced.reduce((s, p) => s + p[k], 0);
    expect(row).toMatchObject({
      subtotal_amount: total('gross'),
      discount_amount: total('discount'),
      tax_amount: total('tax'),
      total_amount: total('paid') + order.shippingAmount,
    });
  });
});
