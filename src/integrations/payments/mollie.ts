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
import { fromDecimal, isTransientStatus, providerFetch, toDecimal } from './http.js';

/** Mollie's refund object, as far as Retour reads it (Refunds API v2). */
interface MollieRefund {
  resource: 'refund';
  id: string;
  amount: { currency: string; value: string };
  status: 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';
  metadata?: { settlementId?: string } | null;
  createdAt?: string;
}

interface MollieList {
  _embedded?: { refunds?: MollieRefund[] };
  _links?: { next?: { href: string } | null };
}

/** Mollie's payment-link object (Payment Links API v2). */
interface MolliePaymentLink {
  resource: 'payment-link';
  id: string;
  paidAt?: string | null;
  expiresAt?: string | null;
  archived?: boolean;
  _links: { paymentLink: { href: string } };
}

// Past `expiresAt` Mollie refuses payments by itself; Retour archives the link at that moment too
// (by its own clock), so `archived` is what tells a closed link.
const presentLink = (l: MolliePaymentLink): ProviderPaymentLink => ({
  id: l.id,
  url: l._links.paymentLink.href,
  status: l.paidAt ? 'paid' : l.archived ? 'closed' : 'open',
  paymentReference: null,
  paidAt: l.paidAt ?? null,
});

// Queued, pending and processing refunds are accepted: Mollie pays them out within hours.
const STATUS: Record<MollieRefund['status'], ProviderRefundStatus> = {
  queued: 'succeeded',
  pending: 'succeeded',
  processing: 'succeeded',
  refunded: 'succeeded',
  failed: 'failed',
  canceled: 'failed',
};

const present = (r: MollieRefund): ProviderRefund => ({
  id: r.id,
  status: STATUS[r.status] ?? 'pending',
  amount: fromDecimal(r.amount.value),
  currency: r.amount.currency,
  settlementId: r.metadata?.settlementId ?? null,
  createdAt: r.createdAt ?? null,
});

/** Refunds through Mollie's Refunds API: `POST /v2/payments/{id}/refunds` with an
 * Idempotency-Key, and the payment's refund list to find one again. */
export class MollieProvider implements PaymentProvider {
  readonly name = 'mollie' as const;
  private readonly base: string;

  constructor(private readonly credentials: ProviderCredentials) {
    this.base = (credentials.baseUrl ?? 'https://api.mollie.com').replace(/\/$/, '');
  }

  private headers(extra: Record<string, string> = {}) {
    return { authorization: `Bearer ${this.credentials.apiKey}`, accept: 'application/hal+json', ...extra };
  }

  private fail(status: number, body: unknown): never {
    const problem = body as { title?: string; detail?: string; field?: string } | null;
    const message = `Mollie answered ${status}: ${problem?.detail ?? problem?.title ?? 'no detail'}`;
    if (isTransientStatus(status)) throw new ProviderError('transient', 'PROVIDER_UNAVAILABLE', message, status);
    const code = status === 401 ? 'PROVIDER_AUTH_FAILED' : status === 404 ? 'PAYMENT_NOT_FOUND' : 'REFUND_REFUSED';
    throw new ProviderError('rejected', code, message, status);
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const { status, body } = await providerFetch(
      'Mollie',
      `${this.base}/v2/payments/${encodeURIComponent(request.paymentReference)}/refunds`,
      {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey }),
        body: JSON.stringify({
          amount: { currency: request.currency, value: toDecimal(request.amount) },
          description: request.description.slice(0, 140),
          metadata: { settlementId: request.settlementId, returnNumber: request.returnNumber },
        }),
      },
    );
    if (status !== 201 && status !== 200) this.fail(status, body);
    return present(body as MollieRefund);
  }

  async listRefunds(paymentReference: string): Promise<ProviderRefund[]> {
    const out: ProviderRefund[] = [];
    let url: string | null = `${this.base}/v2/payments/${encodeURIComponent(paymentReference)}/refunds?limit=250`;
    // Follow the list's `next` links, but never off the configured host.
    for (let page = 0; url && page < 100; page++) {
      const { status, body } = await providerFetch('Mollie', url, { method: 'GET', headers: this.headers() });
      if (status !== 200) this.fail(status, body);
      const list = body as MollieList;
      out.push(...(list._embedded?.refunds ?? []).map(present));
      const next = list._links?.next?.href ?? null;
      url = next?.startsWith(this.base) ? next : null;
    }
    return out;
  }

  async findRefund(paymentReference: string, settlementId: string): Promise<ProviderRefund | null> {
    return (await this.listRefunds(paymentReference)).find((r) => r.settlementId === settlementId) ?? null;
  }

  /** `POST /v2/payment-links`: Mollie hosts the page and closes the link itself at `expiresAt`. */
  async createPaymentLink(request: PaymentLinkRequest): Promise<ProviderPaymentLink> {
    const { status, body } = await providerFetch('Mollie', `${this.base}/v2/payment-links`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', 'idempotency-key': request.idempotencyKey }),
      body: JSON.stringify({
        description: request.description.slice(0, 255),
        amount: { currency: request.currency, value: toDecimal(request.amount) },
        ...(request.redirectUrl ? { redirectUrl: request.redirectUrl } : {}),
        ...(request.expiresAt ? { expiresAt: request.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+00:00') } : {}),
      }),
    });
    if (status !== 201 && status !== 200) this.fail(status, body);
    return presentLink(body as MolliePaymentLink);
  }

  async getPaymentLink(id: string): Promise<ProviderPaymentLink> {
    const { status, body } = await providerFetch('Mollie', `${this.base}/v2/payment-links/${encodeURIComponent(id)}`, {
      method: 'GET',
      headers: this.headers(),
    });
    if (status !== 200) this.fail(status, body);
    const link = presentLink(body as MolliePaymentLink);
    if (link.status !== 'paid') return link;
    // The payment made through the link, for the journal.
    const payments = await providerFetch('Mollie', `${this.base}/v2/payment-links/${encodeURIComponent(id)}/payments`, {
      method: 'GET',
      headers: this.headers(),
    });
    const list = payments.body as { _embedded?: { payments?: { id: string; status: string }[] } } | null;
    const paid = payments.status === 200 ? list?._embedded?.payments?.find((p) => p.status === 'paid') : undefined;
    return { ...link, paymentReference: paid?.id ?? null };
  }

  /** `PATCH /v2/payment-links/{id}` with `archived: true`: the link no longer takes payments. */
  async closePaymentLink(id: string): Promise<void> {
    const { status, body } = await providerFetch('Mollie', `${this.base}/v2/payment-links/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      headers: this.headers({ 'content-type': 'application/json' }),
      body: JSON.stringify({ archived: true }),
    });
    if (status !== 200) this.fail(status, body);
  }
}
