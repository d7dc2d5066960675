import type { PaymentProviderName } from '../../domain/paymentProviders.js';
import type { SettlementKind, SettlementStatus } from '../../domain/settlementStatus.js';
import type { StoreCreditEntryKind, StoreCreditHoldStatus } from '../../domain/storeCredit.js';
import type { Json, Timestamp, WithDefault } from './columns.js';

/** Tables of Money going back: settlements, the payment providers set up, and the store-credit ledger. */

export interface SettlementLine {
  returnLineId: string;
  amount: number;
}

export interface SettlementsTable {
  id: string;
  return_id: string;
  kind: SettlementKind;
  provider: string;
  status: SettlementStatus;
  amount: number;
  currency: string;
  reference: string | null;
  lines: Json<SettlementLine[]>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  idempotency_key: string | null;
  payment_reference: string | null;
  provider_refund_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  breakdown: Json<Record<string, unknown> | null>;
  /** What started it: staff, or the policy's moment (approval, first_scan, receipt, inspection). */
  trigger: WithDefault<string>;
  updated_at: Timestamp | null;
  succeeded_at: Timestamp | null;
  /** The run refunding through a platform right now, and until when its claim holds. */
  provider_claim: string | null;
  provider_claimed_until: Timestamp | null;
}

export interface PaymentProvidersTable {
  provider: PaymentProviderName;
  enabled: WithDefault<boolean>;
  credentials: string;
  /** The last characters of the API key, to tell keys apart without showing them. */
  key_hint: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface StoreCreditAccountsTable {
  id: string;
  customer_id: string;
  currency: string;
  code: string;
  created_at: Timestamp;
}

export interface StoreCreditEntriesTable {
  id: string;
  account_id: string;
  kind: StoreCreditEntryKind;
  amount: number;
  expires_at: Timestamp | null;
  return_id: string | null;
  settlement_id: string | null;
  hold_id: string | null;
  reverses_id: string | null;
  reference: string | null;
  note: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface StoreCreditHoldsTable {
  id: string;
  account_id: string;
  amount: number;
  status: StoreCreditHoldStatus;
  reference: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  closed_at: Timestamp | null;
}
