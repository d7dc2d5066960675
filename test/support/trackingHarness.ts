import { expect } from 'vitest';
import { DAY, orderFixture, seedOrders } from './fixtures.js';
import type { StaffClient, TestApp } from './testApp.js';

/** A shopper's return of one tee of a fresh order `number`, approved at once by the policy. */
export async function approvedReturn(
  t: TestApp,
  number: string,
  resolution: 'refund' | 'store_credit' = 'refund',
): Promise<string> {
  const [order] = await seedOrders(t.ctx, [orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY))]);
  const created = await t.request({
    method: 'POST',
    url: '/api/v1/shopper/returns',
    bearer: await t.shopperToken(number, `${number}@example.nl`),
    payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().returnId as string;
}

/** A carrier's tracking webhook delivery, posted as the carrier sends it. */
export const postCarrierWebhook = (
  t: TestApp,
  connectionId: string,
  delivery: { body: string; headers: Record<string, string> },
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/carriers/${connectionId}/webhooks`,
    headers: delivery.headers,
    payload: delivery.body,
  });

/** Connects a carrier account as an admin does; answers its connection's id. */
export async function connectCarrierAccount(t: TestApp, admin: StaffClient, payload: Record<string, unknown>): Promise<string> {
  const res = await t.request({ method: 'POST', url: '/api/v1/carriers', staff: admin, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
