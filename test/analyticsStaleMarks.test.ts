import { describe, expect, it } from 'vitest';
import { staleMarksOf } from '../src/app/analytics/facts/staleFacts.js';
import type { PublishedEvent } from '../src/app/kernel/subscribers.js';

const event = (type: string, subject: [string, string], returnId: string | null = null, data = {}): PublishedEvent => ({
  id: `evt_${type}`,
  type,
  subject: { type: subject[0], id: subject[1] },
  returnId,
  actor: { type: 'system', id: null },
  reason: null,
  data,
  occurredAt: '2026-06-15T10:00:00.000Z',
});

describe('what an event leaves stale in the analytics facts', () => {
  it('marks the return of every event about one, whatever its subject', () => {
    expect(staleMarksOf(event('return.lines_inspected', ['return', 'ret_1'], 'ret_1'))).toEqual([
      { kind: 'return', key: 'ret_1' },
    ]);
    expect(staleMarksOf(event('shipment.booked', ['shipment', 'shp_1'], 'ret_2'))).toEqual([{ kind: 'return', key: 'ret_2' }]);
    expect(staleMarksOf(event('exchange_order.shipped', ['exchange_order', 'exo_1'], 'ret_3'))).toEqual([
      { kind: 'return', key: 'ret_3' },
    ]);
  });

  it('marks orders, customers, credit accounts and synced connections by their subject', () => {
    for (const type of ['order.imported', 'order.updated', 'order.cancelled']) {
      expect(staleMarksOf(event(type, ['order', 'ord_1']))).toEqual([{ kind: 'order', key: 'ord_1' }]);
    }
    expect(staleMarksOf(event('customer.segment_changed', ['customer', 'cus_1']))).toEqual([{ kind: 'customer', key: 'cus_1' }]);
    expect(staleMarksOf(event('store_credit.redeemed', ['store_credit_account', 'sca_1']))).toEqual([
      { kind: 'account', key: 'sca_1' },
    ]);
    expect(staleMarksOf(event('connection.orders_synced', ['shop_connection', 'con_1']))).toEqual([
      { kind: 'connection', key: 'con_1' },
    ]);
  });

  it('marks a reason changed and a product changed or deleted', () => {
    expect(staleMarksOf(event('reason.updated', ['reason', 'rsn_1']))).toEqual([{ kind: 'reason', key: 'rsn_1' }]);
    expect(staleMarksOf(event('product.updated', ['product', 'prod_1']))).toEqual([{ kind: 'product', key: 'prod_1' }]);
    expect(staleMarksOf(event('product.deleted', ['product', 'prod_1']))).toEqual([{ kind: 'product', key: 'prod_1' }]);
  });

  it('marks the orders a synced page names, and the whole connection only for a page naming none', () => {
    const page = event('connection.orders_synced', ['shop_connection', 'con_1'], null, {
      imported: 2,
      orderIds: ['ord_1', 'ord_2'],
    });
    expect(staleMarksOf(page)).toEqual([
      { kind: 'order', key: 'ord_1' },
      { kind: 'order', key: 'ord_2' },
    ]);
  });

  it('rebuilds everything when the time zone changed, and nothing for other settings or unrelated events', () => {
    const changed = (fields: Record<string, unknown>) =>
      event('settings.updated', ['shop', 'default'], null, { changed: fields });
    expect(staleMarksOf(changed({ timezone: { from: 'Europe/Amsterdam', to: 'UTC' } }))).toEqual([
      { kind: 'rebuild', key: 'all' },
    ]);
    expect(staleMarksOf(changed({ name: { from: 'A', to: 'B' } }))).toEqual([]);
    expect(staleMarksOf(event('staff.logged_in', ['staff', 'stf_1']))).toEqual([]);
  });
});
