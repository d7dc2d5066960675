/**
 * The finance journal: every money movement of the returns process as a double entry, so the
 * bookkeeping can import it. Which ledger accounts are used is the shop's choice; the defaults
 * are placeholders in the style of a Dutch chart of accounts.
 */
export const ACCOUNT_KEYS = [
  'salesReturns',
  'sales',
  'mollie',
  'stripe',
  /** Refunds through the sandbox provider (the demo): kept apart, as no money moved. */
  'sandbox',
  /** Refunds of orders paid on a shop platform, made through it (its payouts or gateways). */
  'shopify',
  'woocommerce',
  'bank',
  'storeCredit',
  'storeCreditBonus',
  'goodwill',
  'breakage',
] as const;
export type AccountKey = (typeof ACCOUNT_KEYS)[number];
export type AccountCodes = Record<AccountKey, string>;

export const DEFAULT_ACCOUNTS: AccountCodes = {
  salesReturns: '8010',
  sales: '8000',
  mollie: '1105',
  stripe: '1106',
  sandbox: '1199',
  shopify: '1107',
  woocommerce: '1108',
  bank: '1100',
  storeCredit: '1600',
  storeCreditBonus: '4620',
  goodwill: '4630',
  breakage: '8900',
};

export type Movement =
  | { kind: 'refund'; provider: string }
  /** Money the shopper paid in: an exchange's price difference, or an instant exchange not sent back. */
  | { kind: 'payment'; provider: string }
  | { kind: 'credit'; entry: 'issue' | 'bonus' | 'redeem' | 'expire' | 'adjust'; amount: number; fromReturn: boolean }
  | { kind: 'credit'; entry: 'reverse'; amount: number; reverses: Movement };

/** Debit and credit account for one movement (amounts in the journal are always positive). */
export function accountsFor(m: Movement, codes: AccountCodes): { debit: string; credit: string } {
  if (m.kind === 'refund' || m.kind === 'payment') {
    const cash =
      m.provider === 'mollie'
        ? codes.mollie
        : m.provider === 'stripe'
          ? codes.stripe
          : m.provider === 'sandbox'
            ? codes.sandbox
            : m.provider === 'shopify'
              ? codes.shopify
              : m.provider === 'woocommerce'
                ? codes.woocommerce
                : codes.bank;
    return m.kind === 'refund' ? { debit: codes.salesReturns, credit: cash } : { debit: cash, credit: codes.sales };
  }
  switch (m.entry) {
    case 'issue':
      // Credit for returned goods is a return of sales; credit given by hand is goodwill.
      return { debit: m.fromReturn ? codes.salesReturns : codes.goodwill, credit: codes.storeCredit };
    case 'bonus':
      return { debit: codes.storeCreditBonus, credit: codes.storeCredit };
    case 'redeem':
      return { debit: codes.storeCredit, credit: codes.sales };
    case 'expire':
      return { debit: codes.storeCredit, credit: codes.breakage };
    case 'adjust':
      return m.amount >= 0
        ? { debit: codes.goodwill, credit: codes.storeCredit }
        : { debit: codes.storeCredit, credit: codes.goodwill };
    case 'reverse': {
      const undone = accountsFor(m.reverses, codes);
      return { debit: undone.credit, credit: undone.debit };
    }
  }
}
