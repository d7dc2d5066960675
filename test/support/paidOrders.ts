import type { OrderImport } from '../../src/app/catalog/importOrders.js';
import type { FakePaymentProvider } from './fakePaymentProviders.js';
import { orderFixture } from './fixtures.js';
import type { StaffClient, TestApp } from './testApp.js';

/** What `orderFixture`'s order costs: its four lines and the delivery. */
const FIXTURE_TOTAL = 26_395;

/** `orderFixture`'s order paid through a fake provider (a payment it then knows, to refund
 * against), or by hand when there is none. */
export function paidOrderFixture(number: string, deliveredAt: Date, provider: FakePaymentProvider | null): OrderImport {
  if (!provider) return orderFixture(number, deliveredAt, { paymentProvider: 'manual' });
  return orderFixture(number, deliveredAt, {
    paymentProvider: provider.kind,
    paymentReference: provider.addPayment(FIXTURE_TOTAL),
  });
}

/** Saves a fake provider's key and address as the shop's credentials for it, as an admin does. */
export async function connectPaymentProvider(t: TestApp, admin: StaffClient, provider: FakePaymentProvider) {
  return t.request({
    method: 'PUT',
    url: `/api/v1/payment-providers/${provider.kind}`,
    staff: admin,
    payload: { apiKey: provider.apiKey, baseUrl: provider.url },
  });
}
