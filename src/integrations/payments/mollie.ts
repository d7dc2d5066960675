import {
  type PaymentProvider,
  type ProviderCredentials,
  ProviderError,
  type ProviderRefund,
  type ProviderRefundStatus,
  type RefundRequest,
} from '../../app/payments/port.js';
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
}
