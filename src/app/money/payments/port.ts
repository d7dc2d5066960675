/** The port every payment provider adapter implements: refund a payment, and find a refund again
 * after a crash. Amounts are minor units; adapters convert to their provider's format. */

import type { RefundRouteName } from '../../../domain/paymentProviders.js';

export {
  PAYMENT_PROVIDERS,
  type PaymentProviderName,
  REFUND_ROUTES,
  type RefundRouteName,
} from '../../../domain/paymentProviders.js';

export interface RefundRequest {
  /** The provider's id of the original payment (Mollie tr_…, Stripe pi_…). */
  paymentReference: string;
  amount: number;
  currency: string;
  /** Derived from the settlement: the provider answers a repeat with the first refund. */
  idempotencyKey: string;
  settlementId: string;
  returnNumber: string;
  description: string;
}

export type ProviderRefundStatus = 'pending' | 'succeeded' | 'failed';

export interface ProviderRefund {
  id: string;
  status: ProviderRefundStatus;
  amount: number;
  currency: string;
  /** The settlement the refund was made for, from the metadata Retour sent with it. */
  settlementId: string | null;
  createdAt: string | null;
}

/**
 * Why a provider call failed. `rejected`: the provider said no (not enough balance, already
 * refunded, unknown payment) and asking again will not change that. `transient`: no answer, a
 * time-out, a 5xx or a 409 while the same key is in flight: the refund may or may not exist,
 * so the settlement stays pending until it is reconciled.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'rejected' | 'transient',
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** A request to have the shopper pay an amount (an exchange's price difference, an instant
 * exchange whose item did not come back) on the provider's hosted page. */
export interface PaymentLinkRequest {
  amount: number;
  currency: string;
  description: string;
  /** Derived from what the link is for: asking twice gives the same link. */
  idempotencyKey: string;
  /** Retour's id of what is paid for, kept in the provider's metadata where it has any. */
  reference: string;
  /** Where the shopper lands after paying. */
  redirectUrl: string | null;
  /** After this the link is closed (Mollie closes it itself; others are closed by Retour). */
  expiresAt: Date | null;
}

export interface ProviderPaymentLink {
  id: string;
  url: string;
  status: 'open' | 'paid' | 'closed';
  /** The payment made through the link, once paid, if the provider says. */
  paymentReference: string | null;
  paidAt: string | null;
}

export interface PaymentProvider {
  readonly name: RefundRouteName;
  createPaymentLink(request: PaymentLinkRequest): Promise<ProviderPaymentLink>;
  getPaymentLink(id: string): Promise<ProviderPaymentLink>;
  /** Stops a link from taking a payment (it expired, or what it was for was cancelled). */
  closePaymentLink(id: string): Promise<void>;
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /** The refund made for a settlement, if the provider has one (looked up through the payment). */
  findRefund(paymentReference: string, settlementId: string): Promise<ProviderRefund | null>;
  /** Every refund of a payment, for the daily reconciliation. */
  listRefunds(paymentReference: string): Promise<ProviderRefund[]>;
}

/** Credentials and endpoint of one provider, as stored (encrypted) in the settings. */
export interface ProviderCredentials {
  apiKey: string;
  /** Only to point at a test double; the provider's public API otherwise. */
  baseUrl?: string;
}
