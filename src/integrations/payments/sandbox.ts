import { createHash } from 'node:crypto';
import type {
  PaymentLinkRequest,
  PaymentProvider,
  ProviderPaymentLink,
  ProviderRefund,
  RefundRequest,
} from '../../app/money/payments/port.js';

/** Ids the sandbox hands out: one per idempotency key, so asking twice gives the same answer. */
const sandboxId = (prefix: string, key: string) => `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 20)}`;

/** What the sandbox has refunded, per payment: shared by every adapter of this process, as a
 * provider's own records are shared by every client. */
const refundsByPayment = new Map<string, Map<string, ProviderRefund>>();
/** Links closed before anyone looked at them (what they were for was called off). */
const closedLinks = new Set<string>();

/**
 * A payment provider that moves no money, for the demo and for trying Retour out: every refund
 * succeeds at once, every payment link is paid as soon as it is looked at. It keeps the contract
 * the settlement engine relies on: a refund's id follows from its idempotency key, so a retry, a
 * second process or a reconciliation after a crash (when this process's memory of it is gone and
 * `findRefund` answers "none") gets the refund it already had, never a second one. Its ids start
 * with `sbx_`, so a settlement made through it says so wherever its reference shows.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    const id = sandboxId('sbx_re', request.idempotencyKey);
    const made = refundsByPayment.get(request.paymentReference) ?? new Map<string, ProviderRefund>();
    refundsByPayment.set(request.paymentReference, made);
    const earlier = made.get(id);
    if (earlier) return earlier;
    const refund: ProviderRefund = {
      id,
      status: 'succeeded',
      amount: request.amount,
      currency: request.currency,
      settlementId: request.settlementId,
      createdAt: this.now().toISOString(),
    };
    made.set(id, refund);
    return refund;
  }

  async findRefund(paymentReference: string, settlementId: string): Promise<ProviderRefund | null> {
    const made = refundsByPayment.get(paymentReference);
    return [...(made?.values() ?? [])].find((r) => r.settlementId === settlementId) ?? null;
  }

  async listRefunds(paymentReference: string): Promise<ProviderRefund[]> {
    return [...(refundsByPayment.get(paymentReference)?.values() ?? [])];
  }

  async createPaymentLink(request: PaymentLinkRequest): Promise<ProviderPaymentLink> {
    const id = sandboxId('sbx_pl', request.idempotencyKey);
    // A page that does not exist: nobody pays in the sandbox, the link counts as paid when asked.
    return { id, url: `https://sandbox.retour.invalid/pay/${id}`, status: 'open', paymentReference: null, paidAt: null };
  }

  async getPaymentLink(id: string): Promise<ProviderPaymentLink> {
    const url = `https://sandbox.retour.invalid/pay/${id}`;
    if (closedLinks.has(id)) return { id, url, status: 'closed', paymentReference: null, paidAt: null };
    return {
      id,
      url,
      status: 'paid',
      paymentReference: `sbx_tr_${id.slice('sbx_pl_'.length)}`,
      paidAt: this.now().toISOString(),
    };
  }

  async closePaymentLink(id: string): Promise<void> {
    closedLinks.add(id);
  }
}
