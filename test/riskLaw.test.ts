import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import { approveAll, askReturn, inspectAll, placeOrder, receiveAll, riskShop, storedRisk } from './support/riskShop.js';
import type { TestApp } from './support/testApp.js';

// The law first: within the EU withdrawal period a score may send a return to a person, hold its
// money for the goods and hold it after inspection, but it never refuses or rejects anything.
describe.each(DB_KINDS)('what a score may do under the law (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await riskShop(kind);
  });
  afterAll(() => t?.close());

  it('a withdrawal with the highest score goes to a person, every line still eligible, and is never rejected', async () => {
    const email = `worst-${kind}@example.nl`;
    // Two boxes came back empty before: the score is as high as it goes.
    for (let i = 0; i < 2; i++) {
      const earlier = await askReturn(t, await placeOrder(t, email));
      const status = (await storedRisk(t, earlier.returnId)).status;
      if (status === 'under_review') await approveAll(t, earlier.returnId);
      await receiveAll(t, earlier.returnId, { quantity: 0 });
      t.clock.advance(14 * DAY);
    }
    const order = await placeOrder(t, email, {
      lines: [
        { sku: 'TEE-M', quantity: 1, price: 2000 },
        { sku: 'JACKET', quantity: 1, price: 9000 },
      ],
    });
    const asked = await askReturn(t, order, [{ sku: 'TEE-M' }, { sku: 'JACKET' }], undefined, { withdrawal: true });
    const stored = await storedRisk(t, asked.returnId);
    expect(stored.risk_score).toBe(100);
    expect(stored.history[0]?.decision).toEqual({ review: true, refundAfterReceipt: true });
    expect(asked.status).toBe('under_review');
    expect(asked.withdrawal).not.toBeNull();
    // No line refused for the score: each is waiting for a person, none rejected.
    const lines = await t.ctx.db
      .selectFrom('return_lines')
      .select(['acceptance', 'verdict'])
      .where('return_id', '=', asked.returnId)
      .execute();
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l.acceptance).not.toBe('rejected');
      expect((l.verdict as { eligible: boolean }).eligible).toBe(true);
    }

    // Approved by the person, received and inspected: held for them again, still not rejected.
    await approveAll(t, asked.returnId);
    t.clock.advance(DAY);
    await receiveAll(t, asked.returnId);
    await inspectAll(t, asked.returnId, 'A', { tags_attached: true, unworn: true });
    const after = await storedRisk(t, asked.returnId);
    expect(after.status).toBe('inspected');
    expect(after.on_hold).toBe(true);
    expect(after.hold_reasons).toEqual(['risk_review']);
    const rejected = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('return_id', '=', asked.returnId)
      .where('type', 'in', ['return.rejected', 'return.lines_rejected'])
      .execute();
    expect(rejected).toEqual([]);
  });
});
