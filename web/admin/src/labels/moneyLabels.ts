import type { StaffRole } from '../../../../src/domain/access.js';
import type { ExchangeStatus } from '../../../../src/domain/exchangeOrderLifecycle.js';
import type { PolicyArm } from '../../../../src/domain/policy/experiment.js';
import type { SettlementKind, SettlementStatus } from '../../../../src/domain/settlementStatus.js';
import type { StoreCreditEntryKind } from '../../../../src/domain/storeCredit.js';
import type { Table } from './labelTable.js';

/** Labels of money, exchanges and the back office's own settings: settlements, store credit, roles, providers. */
/** What a settlement pays. */
export const SETTLEMENT_KIND_LABELS: Table<SettlementKind> = {
  en: {
    refund: 'Refund',
    store_credit: 'Store credit',
    exchange: 'Exchange',
    goodwill: 'Goodwill',
    partial_refund: 'Partial refund',
    exchange_surplus: 'Exchange surplus back',
    exchange_difference: 'Exchange payment back',
  },
  nl: {
    refund: 'Terugbetaling',
    store_credit: 'Tegoed',
    exchange: 'Ruil',
    goodwill: 'Coulance',
    partial_refund: 'Gedeeltelijke terugbetaling',
    exchange_surplus: 'Overschot van een ruil terug',
    exchange_difference: 'Bijbetaling van een ruil terug',
  },
};

export const SETTLEMENT_STATUS_LABELS: Table<SettlementStatus> = {
  en: { pending: 'Pending', succeeded: 'Paid', failed: 'Failed' },
  nl: { pending: 'Bezig', succeeded: 'Betaald', failed: 'Mislukt' },
};

/** Entries of the store-credit ledger. */
export const CREDIT_ENTRY_LABELS: Table<StoreCreditEntryKind> = {
  en: { issue: 'issued', bonus: 'bonus', redeem: 'spent', expire: 'expired', adjust: 'adjusted', reverse: 'reversed' },
  nl: {
    issue: 'uitgegeven',
    bonus: 'bonus',
    redeem: 'besteed',
    expire: 'verlopen',
    adjust: 'gecorrigeerd',
    reverse: 'teruggedraaid',
  },
};

export const MOVEMENT_WORDS: Table<'refund' | 'exchangePayment' | 'exchangeCharge' | 'storeCredit'> = {
  en: {
    refund: 'Refund',
    exchangePayment: 'Exchange price difference paid',
    exchangeCharge: 'Item not sent back, paid',
    storeCredit: 'Store credit',
  },
  nl: {
    refund: 'Terugbetaling',
    exchangePayment: 'Prijsverschil ruil betaald',
    exchangeCharge: 'Niet teruggestuurd artikel betaald',
    storeCredit: 'Tegoed',
  },
};

/** Holds Retour puts on by itself (src/app/exchanges/exchangeRound.ts); staff write their own reasons. */
export const HOLD_REASON_LABELS: Table<'instant_exchange_unreturned'> = {
  en: { instant_exchange_unreturned: 'the item of an instant exchange was not sent back in time' },
  nl: { instant_exchange_unreturned: 'het artikel van een directe ruil is niet op tijd teruggestuurd' },
};

/** The arm of a policy experiment a return fell in. */
export const ARM_LABELS: Table<PolicyArm> = {
  en: { control: 'experiment: control group', variant: 'experiment: variant' },
  nl: { control: 'experiment: controlegroep', variant: 'experiment: variant' },
};

export const ROLE_LABELS: Table<StaffRole> = {
  en: { admin: 'Administrator', agent: 'Customer service', warehouse: 'Warehouse', analyst: 'Analyst', store: 'Store' },
  nl: { admin: 'Beheerder', agent: 'Klantenservice', warehouse: 'Magazijn', analyst: 'Analist', store: 'Winkel' },
};

/** The segments Retour knows; a shop may add its own, which show as the shop wrote them. */
export const SEGMENT_LABELS: Table<'standard' | 'vip' | 'employee' | 'blocked'> = {
  en: { standard: 'Standard', vip: 'VIP', employee: 'Employee', blocked: 'Blocked' },
  nl: { standard: 'Standaard', vip: 'VIP', employee: 'Medewerker', blocked: 'Geblokkeerd' },
};

export const POLICY_STATUS_LABELS: Table<'draft' | 'published'> = {
  en: { draft: 'draft', published: 'published' },
  nl: { draft: 'concept', published: 'gepubliceerd' },
};

export const WAREHOUSE_KIND_LABELS: Table<'warehouse' | 'store'> = {
  en: { warehouse: 'Warehouse', store: 'Store' },
  nl: { warehouse: 'Magazijn', store: 'Winkel' },
};

/** Who moves the money: a payment provider, the shop platform the order was paid on, a bank
 * transfer by staff, or the store-credit ledger. */
export const PROVIDERS = ['mollie', 'stripe', 'manual', 'ledger', 'sandbox', 'shopify', 'woocommerce'] as const;
export const PROVIDER_LABELS: Table<(typeof PROVIDERS)[number]> = {
  en: {
    mollie: 'Mollie',
    stripe: 'Stripe',
    manual: 'Bank transfer',
    ledger: 'Store credit',
    sandbox: 'Sandbox',
    shopify: 'Shopify',
    woocommerce: 'WooCommerce',
  },
  nl: {
    mollie: 'Mollie',
    stripe: 'Stripe',
    manual: 'Bankoverschrijving',
    ledger: 'Tegoed',
    sandbox: 'Sandbox',
    shopify: 'Shopify',
    woocommerce: 'WooCommerce',
  },
};

export const EXCHANGE_STATUS_LABELS: Table<ExchangeStatus> = {
  en: {
    awaiting_payment: 'Awaiting payment',
    reserved: 'Reserved',
    ready: 'Ready to ship',
    shipped: 'Shipped',
    cancelled: 'Cancelled',
  },
  nl: {
    awaiting_payment: 'Wacht op betaling',
    reserved: 'Gereserveerd',
    ready: 'Klaar voor verzending',
    shipped: 'Verzonden',
    cancelled: 'Geannuleerd',
  },
};
