import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReturnParcelRequest } from '../../src/app/logistics/carriers/port.js';
import { SendcloudCarrier } from '../../src/integrations/carriers/sendcloud/adapter.js';
import { FakeSendcloud } from '../support/carriers/fakeSendcloud.js';

const fake = new FakeSendcloud();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

let seq = 0;
function request(overrides: Partial<ReturnParcelRequest> = {}): ReturnParcelRequest {
  seq++;
  return {
    reference: `R-1000${seq}`,
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
    items: [{ description: 'Linen shirt', sku: 'SHIRT-M', quantity: 1, unitValue: 4995, currency: 'EUR', weightGrams: 400 }],
    labelFormat: 'pdf',
    ...overrides,
  };
}

describe('sendcloud smoke', () => {
  it('books and reads a return', async () => {
    const adapter = new SendcloudCarrier(fake.credentials());
    expect(await adapter.testConnection()).toEqual({ account: 'Retour Test Shop' });
    const booked = await adapter.createReturn(request({ method: 'qr' }));
    expect(booked.ready).toBe(true);
    const doc = await adapter.document(booked, 'qr', 'pdf');
    expect(doc.body.subarray(1, 4).toString()).toBe('PNG');
    const label = await adapter.document(booked, 'label', 'pdf');
    expect(label.body.subarray(0, 5).toString()).toBe('%PDF-');
    const points = await adapter.servicePoints({ country: 'NL', postcode: '1012 AB' });
    expect(points.length).toBe(3);
  });
});
