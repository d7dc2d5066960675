import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PaymentProvider, ProviderError, type RefundRequest } from '../src/app/money/payments/port.js';
import { MollieProvider } from '../src/integrations/payments/mollie.js';
import { StripeProvider } from '../src/integrations/payments/stripe.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe.each([
  { kind: 'mollie' as const, make: (c: { apiKey: string; baseUrl: string }) => new MollieProvider(c) },
  { kind: 'stripe' as const, make: (c: { apiKey: string; baseUrl: string }) => new StripeProvider(c) },
])('$kind adapter against a local fake of its API', ({ kind, make }) => {
  const fake = new FakePaymentProvider(kind);
  let provider: PaymentProvider;
  beforeAll(async () => {
    provider = make({ apiKey: fake.apiKey, baseUrl: await fake.start() });
  });
  afterAll(() => fake.stop());

  const request = (paymentReference: string, over: Partial<RefundRequest> = {}): RefundRequest => ({
    paymentReference,
    amount: 1_995,
    currency: 'EUR',
    idempotencyKey: `retour-stl_${Math.random().toString(36).slice(2)}`,
    settlementId: `stl_${Math.random().toString(36).slice(2)}`,
    returnNumber: 'R-10001',
    description: 'Return R-10001',
    ...over,
  });

  it('refunds part of a payment in minor units and finds the refund again by its settlement', async () => {
    const payment = fake.addPayment(5_000);
    const req = request(payment);
    const refund = await provider.refund(req);
    expect(refund).toMatchObject({ status: 'succeeded', amount: 1_995, currency: 'EUR', settlementId: req.settlementId });
    expect(refund.id).toMatch(/^re_/);
    expect(fake.payments.get(payment)?.refunds.map((r) => r.amount)).toEqual([1_995]);
    expect(await provider.findRefund(payment, req.settlementId)).toMatchObject({ id: refund.id });
    expect(await provider.findRefund(payment, 'stl_other')).toBeNull();
  });

  it('makes one refund however often the same idempotency key is sent', async () => {
    const payment = fake.addPayment(5_000);
    const req = request(payment);
    const answers = await Promise.allSettled(Array.from({ length: 5 }, () => provider.refund(req)));
    const ids = new Set(answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value.id] : [])));
    expect(ids.size).toBe(1);
    // A repeat that met the first one in flight is told to come back, not given a second refund.
    for (const a of answers) if (a.status === 'rejected') expect((a.reason as ProviderError).kind).toBe('transient');
    expect((await provider.refund(req)).id).toBe([...ids][0]);
    expect(fake.payments.get(payment)?.refunds).toHaveLength(1);
  });

  it('tells a refusal from a failure worth retrying, and never shows the API key', async () => {
    const payment = fake.addPayment(1_000);
    const tooMuch = await failure(provider.refund(request(payment, { amount: 1_001 })));
    expect(tooMuch).toMatchObject({ kind: 'rejected', code: 'REFUND_REFUSED' });
    const unknown = await failure(provider.refund(request(kind === 'mollie' ? 'tr_missing' : 'pi_missing')));
    expect(unknown).toMatchObject({ kind: 'rejected', code: 'PAYMENT_NOT_FOUND' });
    fake.failNext.push(503);
    const down = await failure(provider.refund(request(payment)));
    expect(down).toMatchObject({ kind: 'transient', status: 503 });
    const wrongKey = make({ apiKey: 'wrong', baseUrl: fake.url });
    expect(await failure(wrongKey.refund(request(payment)))).toMatchObject({ kind: 'rejected', code: 'PROVIDER_AUTH_FAILED' });
    const unreachable = make({ apiKey: fake.apiKey, baseUrl: 'http://127.0.0.1:9' });
    expect(await failure(unreachable.refund(request(payment)))).toMatchObject({
      kind: 'transient',
      code: 'PROVIDER_UNREACHABLE',
    });
    for (const err of [tooMuch, unknown, down]) expect(err.message).not.toContain(fake.apiKey);
    expect(fake.payments.get(payment)?.refunds).toHaveLength(0);
  });

  it('lists every refund of a payment across pages', async () => {
    const payment = fake.addPayment(100_000);
    for (let i = 0; i < 3; i++) await provider.refund(request(payment, { amount: 100 + i }));
    const all = await provider.listRefunds(payment);
    expect(all.map((r) => r.amount).sort()).toEqual([100, 101, 102]);
  });

  it('opens a payment link for an amount once per key, sees it paid, and closes an unpaid one', async () => {
    const ask = {
      amount: 1_500,
      currency: 'EUR',
      description: 'Price difference for exchange R-10001-X1',
      idempotencyKey: `retour-xo_${Math.random().toString(36).slice(2)}-difference`,
      reference: 'xo_test',
      redirectUrl: 'https://shop.example/returns',
      expiresAt: new Date(Date.now() + 14 * 86_400_000),
    };
    const link = await provider.createPaymentLink(ask);
    expect(link).toMatchObject({ status: 'open', paymentReference: null });
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\//);
    // Asked again with the same key (a retry after a lost answer): the same link, not a second one.
    expect((await provider.createPaymentLink(ask)).id).toBe(link.id);
    expect(fake.links.size).toBe(1);
    expect(fake.links.get(link.id)).toMatchObject({ amount: 1_500, currency: 'EUR' });
    expect((await provider.getPaymentLink(link.id)).status).toBe('open');
    const paymentId = fake.payLink(link.id);
    expect(await provider.getPaymentLink(link.id)).toMatchObject({ status: 'paid', paymentReference: paymentId });

    const unpaid = await provider.createPaymentLink({ ...ask, idempotencyKey: `${ask.idempotencyKey}-2` });
    await provider.closePaymentLink(unpaid.id);
    expect((await provider.getPaymentLink(unpaid.id)).status).toBe('closed');
    const missing = await failure(provider.getPaymentLink(kind === 'mollie' ? 'pl_missing' : 'plink_missing'));
    expect(missing.kind).toBe('rejected');
  });
});
