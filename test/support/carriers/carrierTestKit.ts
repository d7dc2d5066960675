import { expect } from 'vitest';
import { CarrierError, type ReturnParcelRequest, type WebhookRequest } from '../../../src/app/logistics/carriers/port.js';

/** The CarrierError a promise (or call) fails with; anything else, or no failure, fails the test. */
export async function carrierFailure(run: Promise<unknown> | (() => unknown)): Promise<CarrierError> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (err) {
    expect(err).toBeInstanceOf(CarrierError);
    return err as CarrierError;
  }
  throw new Error('expected a CarrierError');
}

/** A webhook delivery as the route hands it to an adapter: the raw body, its headers and query. */
export function webhookRequest(
  body: string,
  headers: Record<string, string>,
  query: Record<string, string> = {},
): WebhookRequest {
  return { rawBody: Buffer.from(body), headers, query };
}

let seq = 0;

/** A labelled return of one shirt from Amsterdam to the warehouse in Utrecht, with a fresh reference. */
export function dutchReturnRequest(overrides: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest {
  seq++;
  return {
    reference: `R-${Date.now()}-${seq}`,
    orderNumber: `#${2000 + seq}`,
    service: 'postnl:standard/return',
    method: 'label',
    from: {
      name: 'Anna de Vries',
      line1: 'Keizersgracht 12a',
      postcode: '1015 CS',
      city: 'Amsterdam',
      country: 'NL',
      email: 'anna@example.test',
    },
    to: { name: 'Retour Warehouse', line1: 'Industrieweg 5', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
    parcels: [{ weightGrams: 1200 }],
    items: [
      {
        description: 'Linen shirt',
        sku: 'SHIRT-M',
        quantity: 1,
        unitValue: 4995,
        currency: 'EUR',
        weightGrams: 400,
        returnReasonId: 22,
      },
    ],
    labelFormat: 'pdf',
    ...overrides,
  };
}
