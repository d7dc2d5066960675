import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvaluationFacts } from '../src/app/policy/evaluationFacts.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const meta = { actor: { type: 'system' as const, id: null } };

/** What the policy knows of the customer's history when judging one of their orders: the units of
 * their other orders, and what came back of them. */
describe.each(DB_KINDS)("an order's customer history for the policy (%s)", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
  });
  afterAll(() => t?.close());

  it('counts the units of the other orders and what came back of them, not of the order judged', async () => {
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const customer = { email: 'history@example.nl', firstName: 'Joost', lastName: 'Bakker' };
    // Five units each (TEE-M ×2, JACKET, PEN, BUDS); a third shopper's order counts for nobody here.
    const [first, second, judged] = await seedOrders(t.ctx, [
      orderFixture('H-1', delivered, { customer }),
      orderFixture('H-2', delivered, { customer }),
      orderFixture('H-3', delivered, { customer }),
    ]);
    await seedOrders(t.ctx, [orderFixture('H-OTHER', delivered)]);
    if (!first || !second || !judged) throw new Error('orders not seeded');
    await requestReturn(t.ctx, meta, {
      orderId: first.id,
      source: 'agent',
      method: null,
      lines: [{ orderLineId: first.lineBySku['TEE-M'] as string, quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
    });

    const facts = await loadEvaluationFacts(t.ctx.db, judged.id, t.clock.now, { caches: t.ctx.caches });
    // 2 of the 10 units of H-1 and H-2 came back, in one return.
    expect(facts?.customer).toMatchObject({ returnCount: 1, returnRate: 0.2 });
    const ofFirst = await loadEvaluationFacts(t.ctx.db, first.id, t.clock.now, { caches: t.ctx.caches });
    // Judging H-1 itself: its own return is not history, H-2 and H-3 are.
    expect(ofFirst?.customer).toMatchObject({ returnCount: 0, returnRate: 0 });
  });
});
