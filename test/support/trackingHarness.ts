import { expect } from 'vitest';
import type { ReturnParcelRequest } from '../../src/app/logistics/carriers/port.js';
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

const SHOPPER = { name: 'Eva de Vries', line1: 'Keizersgracht 12', postcode: '1015CJ', city: 'Amsterdam', country: 'NL' };

/** A return of one tee as a carrier is asked to book it (PostNL through Easyship), under `reference`. */
export const teeReturnRequest = (reference: string): ReturnParcelRequest => ({
  reference,
  orderNumber: 'ORD-1',
  service: 'cs-postnl-standard',
  method: 'label',
  from: { ...SHOPPER, email: 'eva@example.com' },
  to: { ...SHOPPER, name: 'Returns', company: 'Retour Shop' },
  parcels: [{ weightGrams: 500, lengthCm: 30, widthCm: 20, heightCm: 10 }],
  items: [{ description: 'Tee', sku: 'TEE-M', quantity: 1, unitValue: 2500, currency: 'EUR', weightGrams: 500 }],
  labelFormat: 'pdf',
});
