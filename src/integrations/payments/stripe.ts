import {
  type PaymentLinkRequest,
  type PaymentProvider,
  type ProviderCredentials,
  ProviderError,
  type ProviderPaymentLink,
  type ProviderRefund,
  type ProviderRefundStatus,
  type RefundRequest,
} from '../../app/money/payments/port.js';
import { isTransientStatus, providerFetch } from './http.js';

/** Stripe's refund object, as far as Retour reads it (Refunds API). */
interface StripeRefund {
  object: 'refund';
  id: string;
  amount: number;
  currency: string;
  status: 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  metadata?: Record<string, string>;
  created?: number;
}

/** Stripe's payment link, and the Checkout Sessions made through it (Payment Links API). */
interface StripePaymentLink {
  object: 'payment_link';
  id: string;
  url: string;
  active: boolean;
}

interface StripeCheckoutSession {
  id: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  payment_intent: string | null;
  created: number;
}

const STATUS: Record<StripeRefund['status'], ProviderRefundStatus> = {
  // Accepted: Stripe settles pending refunds by itself.
  pending: 'succeeded',
  succeeded: 'succeeded',
  requires_action: 'pending',
  failed: 'failed',
  canceled: 'failed',
};

const present = (r: StripeRefund): ProviderRefund => ({
  id: r.id,
  status: STATUS[r.status] ?? 'pending',
  amount: r.amount,
  currency: r.currency.toUpperCase(),
  settlementId: r.metadata?.settlement_id ?? null,
  createdAt: r.created ? new Date(r.created * 1000).toISOString() : null,
});

/** Refunds through Stripe's Refunds API: `POST /v1/refunds` (form-encoded, with an
 * Idempotency-Key) against the PaymentIntent, and the refund list filtered by it. */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly base: string;

  constructor(private readonly credentials: ProviderCredentials) {
    this.base = (credentials.baseUrl ?? 'https://api.stripe.com').replace(/\/$/, '');
  }

  private headers(extra: Record<string, string> = {}) {
    return { authorization: `Bearer ${this.credentials.apiKey}`, ...extra };
  }

  private fail(status: number, body: unknown): never {
    const error = (body as { error?: { type?: string; code?: string; message?: string } } | null)?.error;
    const message = `Stripe answered ${status}: ${error?.message ?? 'no detail'}`;
    if (isTransientStatus(status) || error?.type === 'api_error')
      throw new ProviderError('transient', 'PROVIDER_UNAVAILABLE', message, status);
    const code =
      status === 401
        ? 'PROVIDER_AUTH_FAILED'
        : error?.code === 'resource_missing'
          ? 'PAYMENT_NOT_FOUND'
          : error?.code === 'charge_already_refunded'
            ? 'ALREADY_REFUNDED'
            : 'REFUND_REFUSED';
    throw new ProviderError('rejected', code, message, status);
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const form = new URLSearchParams({
      payment_intent: request.paymentReference,
      amount: String(request.amount),
      reason: 'requested_by_customer',
      'metadata[settlement_id]': request.settlementId,
      'metadata[return_number]': request.returnNumber,
    });
    const { status, body } = await providerFetch('Stripe', `${this.base}/v1/refunds`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': request.idempotencyKey }),
      body: form.toString(),
    });
    if (status !== 200) this.fail(status, body);
    const refund = present(body as StripeRefund);
    if (refund.currency !== request.currency.toUpperCase())
      throw new ProviderError('rejected', 'CURRENCY_MISMATCH', `Stripe refunded in ${refund.currency}, not ${request.currency}`);
    return refund;
  }

  async listRefunds(paymentReference: string): Promise<ProviderRefund[]> {
    const out: ProviderRefund[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const q = new URLSearchParams({
        payment_intent: paymentReference,
        limit: '100',
        ...(after ? { starting_after: after } : {}),
      });
      const { status, body } = await providerFetch('Stripe', `${this.base}/v1/refunds?${q}`, {
        method: 'GET',
        headers: this.headers(),
      });
      if (status !== 200) this.fail(status, body);
      const list = body as { data: StripeRefund[]; has_more: boolean };
      out.push(...list.data.map(present));
      if (!list.has_more || list.data.length === 0) break;
      after = list.data[list.data.length - 1]?.id ?? null;
    }
    return out;
  }

  async findRefund(paymentReference: string, settlementId: string): Promise<ProviderRefund | null> {
    return (await this.listRefunds(paymentReference)).find((r) => r.settlementId === settlementId) ?? null;
  }

  private async post(path: string, form: URLSearchParams, idempotencyKey?: string) {
    const { status, body } = await providerFetch('Stripe', `${this.base}${path}`, {
      method: 'POST',
      headers: this.headers({
        'content-type': 'application/x-www-form-urlencoded',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      }),
      body: form.toString(),
    });
    if (status !== 200) this.fail(status, body);
    return body;
  }

  /** A one-off Price for the amount (`POST /v1/prices`), then a payment link for one of it
   * (`POST /v1/payment_links`) that takes a single payment. Both calls carry a key derived from
   * the request's, so a retry gets the same price and link. Stripe links do not expire by
   * themselves: Retour closes them at `expiresAt`. */
  async createPaymentLink(request: PaymentLinkRequest): Promise<ProviderPaymentLink> {
    const price = (await this.post(
      '/v1/prices',
      new URLSearchParams({
        currency: request.currency.toLowerCase(),
        unit_amount: String(request.amount),
        'product_data[name]': request.description.slice(0, 250),
      }),
      `${request.idempotencyKey}-price`,
    )) as { id: string };
    const form = new URLSearchParams({
      'line_items[0][price]': price.id,
      'line_items[0][quantity]': '1',
      'restrictions[completed_sessions][limit]': '1',
      'metadata[reference]': request.reference,
    });
    if (request.redirectUrl) {
      form.set('after_completion[type]', 'redirect');
      form.set('after_completion[redirect][url]', request.redirectUrl);
    }
    const link = (await this.post('/v1/payment_links', form, `${request.idempotencyKey}-link`)) as StripePaymentLink;
    return { id: link.id, url: link.url, status: link.active ? 'open' : 'closed', paymentReference: null, paidAt: null };
  }

  /** The link, and whether a Checkout Session made through it was paid (`GET /v1/checkout/sessions?payment_link=`). */
  async getPaymentLink(id: string): Promise<ProviderPaymentLink> {
    const linkAnswer = await providerFetch('Stripe', `${this.base}/v1/payment_links/${encodeURIComponent(id)}`, {
      method: 'GET',
      headers: this.headers(),
    });
    if (linkAnswer.status !== 200) this.fail(linkAnswer.status, linkAnswer.body);
    const link = linkAnswer.body as StripePaymentLink;
    const q = new URLSearchParams({ payment_link: id, limit: '100' });
    const { status, body } = await providerFetch('Stripe', `${this.base}/v1/checkout/sessions?${q}`, {
      method: 'GET',
      headers: this.headers(),
    });
    if (status !== 200) this.fail(status, body);
    const sessions = (body as { data: StripeCheckoutSession[] }).data;
    const paid = sessions.find((s) => s.payment_status === 'paid');
    // A checkout completed with a method that settles later (SEPA debit, some iDEAL) is paid but
    // not yet received: still open, so the exchange is not ended while the money is under way.
    const underWay = sessions.some((s) => s.status === 'complete' && s.payment_status === 'unpaid');
    return {
      id: link.id,
      url: link.url,
      status: paid ? 'paid' : link.active || underWay ? 'open' : 'closed',
      paymentReference: paid?.payment_intent ?? null,
      paidAt: paid ? new Date(paid.created * 1000).toISOString() : null,
    };
  }

  /** `POST /v1/payment_links/{id}` with `active=false`. */
  async closePaymentLink(id: string): Promise<void> {
    await this.post(`/v1/payment_links/${encodeURIComponent(id)}`, new URLSearchParams({ active: 'false' }));
  }
}
