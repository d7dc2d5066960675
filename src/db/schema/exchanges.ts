import type { Generated } from 'kysely';
import type { ExchangeChargeStatus, ExchangePaymentStatus, ExchangeStatus } from '../../domain/exchangeOrderLifecycle.js';
import type { PaymentProviderName } from '../../domain/paymentProviders.js';
import type { Timestamp, WithDefault } from './columns.js';

/** Tables of Exchange orders: what the shop sends out instead of money. */

export interface ExchangeOrdersTable {
  id: string;
  return_id: string;
  number: string;
  status: ExchangeStatus;
  instant: WithDefault<boolean>;
  currency: string;
  price_difference: number;
  /** The provider of the payment link (only ever one Retour can ask), none for manual payment. */
  payment_provider: PaymentProviderName | null;
  payment_link_id: string | null;
  payment_link_url: string | null;
  payment_link_expires_at: Timestamp | null;
  payment_status: WithDefault<ExchangePaymentStatus>;
  payment_reference: string | null;
  payment_error: string | null;
  paid_at: Timestamp | null;
  /** How the difference came in: the provider of the link, or 'manual' (staff confirmed it). */
  payment_via: string | null;
  /** The settlement paying a difference back when the paid-for exchange did not ship. */
  difference_refund_settlement_id: string | null;
  surplus_settlement_id: string | null;
  return_by: Timestamp | null;
  overdue_action: string | null;
  charge_link_id: string | null;
  charge_link_url: string | null;
  charge_amount: number | null;
  charge_status: ExchangeChargeStatus | null;
  charged_at: Timestamp | null;
  tracking_number: string | null;
  carrier: string | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  ready_at: Timestamp | null;
  shipped_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface ExchangeOrderLinesTable {
  id: string;
  exchange_order_id: string;
  return_line_id: string;
  variant_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  returned_value: number;
  /** The policy's exchange bonus this line put towards the new item. */
  bonus: Generated<number>;
  difference: number;
}
