import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('shopper feedback (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['agent']);
  });
  afterAll(() => t?.close());

  it('takes one rating per resolved return from its shopper, and shows it to staff', async () => {
    const [order] = await seedOrders(t.ctx, [
      orderFixture('7001', new Date(t.clock.now.getTime() - 2 * DAY)),
      orderFixture('7002', t.clock.now),
    ]);
    const token = await t.shopperToken('7001', '7001@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    const { returnId } = created.json();
    const url = `/api/v1/shopper/returns/${returnId}/feedback`;
    const rate = (payload: object, bearer = token) => t.request({ method: 'POST', url, bearer, payload });

    expect((await rate({ rating: 5 })).json().code).toBe('RETURN_NOT_RESOLVED');
    const agent = await t.login('agent');
    const resolved = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${returnId}/resolve`,
      staff: agent,
      payload: { returnless: true },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);

    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 3, comment: 'x'.repeat(2001) }, {}]) {
      expect((await rate(bad)).statusCode).toBe(400);
    }
    const other = await t.shopperToken('7002', '7002@example.nl');
    expect((await rate({ rating: 1 }, other)).statusCode).toBe(404);

    const given = await rate({ rating: 4, comment: 'Quick refund, thanks' });
    expect(given.statusCode, given.body).toBe(201);
    expect((await rate({ rating: 1 })).json().code).toBe('FEEDBACK_ALREADY_GIVEN');
    const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}`, staff: agent })).json();
    expect(detail.feedback).toMatchObject({ rating: 4, comment: 'Quick refund, thanks' });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('return.feedback_given');
  });
});
