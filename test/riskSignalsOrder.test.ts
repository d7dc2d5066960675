import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import { askReturn, placeOrder, receiveAll, riskShop, signal, storedRisk } from './support/riskShop.js';
import type { TestApp } from './support/testApp.js';

// Signals of the order and the lists: bracketing (a cost, not fraud), a return just after an event
// date, and the block and allow lists' effect on the score.
describe.each(DB_KINDS)('risk of the order and the lists (%s)', (kind) => {
  let t: TestApp;
  let seq = 0;
  beforeAll(async () => {
    t = await riskShop(kind);
  });
  afterAll(() => t?.close());

  const email = (who: string) => {
    seq += 1;
    return `${who}${seq}-${kind}@example.nl`;
  };

  async function listEntry(
    list: 'block' | 'allow',
    entryKind: string,
    value: ReturnType<typeof sql>,
    extra: { until?: Date; removed?: boolean } = {},
  ) {
    seq += 1;
    await sql`insert into risk_list_entries (id, list, kind, value, display, reason, created_at, until, removed_at)
      values (${`rle_${kind}_${seq}`}, ${list}, ${entryKind}, ${value}, 'as entered', 'test', ${t.clock.now},
        ${extra.until ?? null}::timestamptz, ${extra.removed ? t.clock.now : null}::timestamptz)`.execute(t.ctx.db);
  }

  it('bracketing: two sizes bought, one sent back — shown with its cost, worth no points', async () => {
    const sizes = [
      { sku: 'TEE-M', quantity: 1, price: 2000 },
      { sku: 'TEE-L', quantity: 1, price: 2000 },
    ];
    const one = await askReturn(t, await placeOrder(t, email('sizes'), { lines: sizes }), [{ sku: 'TEE-M' }]);
    const stored = await storedRisk(t, one.returnId);
    expect(signal(stored.risk_signals, 'BRACKETING')).toMatchObject({ strength: 1, points: 0, detail: { units: 1, cost: 750 } });
    expect(stored.risk_score).toBe(0);
    // Both sent back is no fitting room: nothing was kept.
    const both = await askReturn(t, await placeOrder(t, email('both'), { lines: sizes }), [{ sku: 'TEE-M' }, { sku: 'TEE-L' }]);
    expect(signal((await storedRisk(t, both.returnId)).risk_signals, 'BRACKETING')).toBeUndefined();
  });

  it("wardrobing after an event: bought just before it, asked back just after, in the shop's time zone", async () => {
    const partygoer = email('party');
    // Last spring: King's Day.
    t.clock.now = new Date('2026-04-29T10:00:00Z');
    await askReturn(t, await placeOrder(t, partygoer, { placedAt: new Date('2026-04-21T10:00:00Z') }));
    // New Year's Eve: half past midnight in Amsterdam is already the day after.
    t.clock.now = new Date('2026-12-31T23:30:00Z');
    const asked = await askReturn(t, await placeOrder(t, partygoer, { placedAt: new Date('2026-12-29T10:00:00Z') }));
    expect(signal((await storedRisk(t, asked.returnId)).risk_signals, 'WARDROBING')).toMatchObject({
      strength: 2,
      detail: { eventsBefore: 1, event: "New Year's Eve" },
    });
    // The same history, but bought three weeks before the event: no pattern now.
    const planner = email('planner');
    t.clock.now = new Date('2026-04-29T10:00:00Z');
    await askReturn(t, await placeOrder(t, planner, { placedAt: new Date('2026-04-21T10:00:00Z') }));
    t.clock.now = new Date('2027-01-03T10:00:00Z');
    const later = await askReturn(t, await placeOrder(t, planner, { placedAt: new Date('2026-12-10T10:00:00Z') }));
    expect(signal((await storedRisk(t, later.returnId)).risk_signals, 'WARDROBING')).toBeUndefined();
    t.clock.now = new Date('2026-06-15T10:00:00Z');
  });

  it('block list: a phone on it sends the return to a person; an expired or removed entry does nothing', async () => {
    const blocked = await placeOrder(t, email('blockedphone'));
    await t.ctx.db
      .updateTable('customers')
      .set({ phone: `+31 6 5555 ${1000 + seq}` })
      .where('id', '=', blocked.customerId)
      .execute();
    await listEntry('block', 'phone', sql`retour_normal_phone(${`06-5555${1000 + seq}`})`);
    const asked = await askReturn(t, blocked);
    const stored = await storedRisk(t, asked.returnId);
    expect(signal(stored.risk_signals, 'BLOCK_LISTED')).toMatchObject({
      points: 100,
      detail: { kinds: ['phone'], reason: 'test' },
    });
    expect(stored.risk_score).toBe(100);
    expect(stored.status).toBe('under_review');

    const lapsed = await placeOrder(t, email('lapsed'));
    const former = await placeOrder(t, email('former'));
    await listEntry('block', 'customer', sql`${lapsed.customerId}`, { until: new Date(t.clock.now.getTime() - DAY) });
    await listEntry('block', 'customer', sql`${former.customerId}`, { removed: true });
    for (const o of [lapsed, former]) {
      const r = await storedRisk(t, (await askReturn(t, o)).returnId);
      expect(signal(r.risk_signals, 'BLOCK_LISTED')).toBeUndefined();
      expect(r.status).toBe('approved');
    }
  });

  it('allow list: the score is 0 and sends nothing anywhere, the signals are kept for the record', async () => {
    const trusted = email('trusted');
    const first = await askReturn(t, await placeOrder(t, trusted));
    await receiveAll(t, first.returnId, { quantity: 0 });
    t.clock.advance(DAY);
    await listEntry('allow', 'email', sql`retour_normal_email(${trusted.toUpperCase()})`);
    const asked = await askReturn(t, await placeOrder(t, trusted));
    const stored = await storedRisk(t, asked.returnId);
    expect(signal(stored.risk_signals, 'EMPTY_BOX')).toMatchObject({ strength: 1 });
    expect(stored.risk_score).toBe(0);
    expect(stored.refund_after_receipt).toBe(false);
    expect(stored.status).toBe('approved');
    expect(stored.history[0]?.decision).toEqual({ review: false, refundAfterReceipt: false });
  });
});
