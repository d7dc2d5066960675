import { describe, expect, it } from 'vitest';
import { type ReturnTimelineEvent, shopperTimeline } from '../../src/domain/shopperTimeline.js';

let n = 0;
const event = (type: string, data: Record<string, unknown> = {}): ReturnTimelineEvent => ({
  id: `evt_${++n}`,
  type,
  occurredAt: new Date(Date.UTC(2026, 2, 1, 10, n)).toISOString(),
  data,
});
const types = (events: ReturnTimelineEvent[]) => shopperTimeline(events).map((e) => e.type);

describe('the shopper timeline', () => {
  it('tells one refund once, as a refund', () => {
    const refund = event('return.settlement_recorded', { settlementId: 'stl_1', kind: 'refund', amount: 9495 });
    expect(
      types([
        event('return.requested'),
        event('return.settlement_started', { settlementId: 'stl_1', kind: 'refund', amount: 9495 }),
        refund,
        { ...refund, id: 'evt_again' },
        event('return.resolved'),
      ]),
    ).toEqual(['return.requested', 'return.settlement_started', 'return.refunded', 'return.resolved']);
  });

  it('does not call a shipped exchange or a settlement of nothing "paid back", and tells store credit as credit', () => {
    expect(
      types([
        event('return.settlement_recorded', { settlementId: 'stl_1', kind: 'refund', amount: 2000 }),
        event('exchange_order.shipped', { exchangeOrderId: 'xo_1' }),
        event('return.settlement_recorded', { kind: 'exchange', lines: [{ returnLineId: 'rl_2', amount: 3000 }] }),
        event('return.settlement_recorded', {
          settlementId: 'stl_3',
          kind: 'refund',
          lines: [{ returnLineId: 'rl_3', amount: 0 }],
        }),
        event('return.settlement_recorded', { settlementId: 'stl_4', kind: 'store_credit', amount: 1100 }),
      ]),
    ).toEqual(['return.refunded', 'exchange_order.shipped', 'return.credited']);
  });

  it('tells an amount staff gave on top once, when they gave it', () => {
    expect(
      types([
        event('return.money_adjusted', { settlementId: 'stl_9', kind: 'goodwill', amount: 500 }),
        event('return.settlement_recorded', { settlementId: 'stl_9', kind: 'goodwill', amount: 500 }),
      ]),
    ).toEqual(['return.money_adjusted']);
  });
});
