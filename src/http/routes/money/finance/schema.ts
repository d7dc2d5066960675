import { z } from 'zod';
import { ACCOUNT_KEYS, type AccountKey } from '../../../../domain/journal.js';
import { REFUND_ROUTES } from '../../../../domain/paymentProviders.js';
import { RECONCILIATION_OUTCOMES } from '../../../../domain/reconciliation.js';
import { SETTLEMENT_STATUSES } from '../../../../domain/settlementStatus.js';
import { day, instant, itemsOf, type Wire } from '../../common.js';

export const journalQuery = z.strictObject({
  from: day.describe("First day (the shop's time zone), inclusive"),
  to: day.describe("Last day (the shop's time zone), inclusive"),
  format: z.enum(['csv', 'json']).default('csv'),
});
export const reconciliationQuery = z.strictObject({
  provider: z.enum(REFUND_ROUTES).describe('A payment provider, or a shop platform orders were paid on'),
  day,
});

const accountCode = z.string().trim().min(1).max(32);
const byAccount = <T extends z.ZodType>(code: T) =>
  Object.fromEntries(ACCOUNT_KEYS.map((k) => [k, code])) as Record<AccountKey, T>;
export const accountsBody = z
  .strictObject(byAccount(accountCode.optional()))
  .describe('Ledger account codes by role; those left out keep theirs');
export const accountCodes = z.object(byAccount(z.string())).describe('Ledger account codes by role');

export const journalLine = z.object({
  date: instant,
  movementId: z.string(),
  movement: z.string().describe('What moved: refund_mollie, store_credit_issue, exchange_payment_manual…'),
  debitAccount: z.string(),
  creditAccount: z.string(),
  amount: z.number().describe('Minor units, always positive: the accounts say which way it goes'),
  currency: z.string(),
  returnNumber: z.string().nullable(),
  orderNumber: z.string().nullable(),
  customerId: z.string().nullable(),
  provider: z.string().nullable(),
  reference: z.string().nullable(),
  note: z.string().nullable(),
});
export const journalLines = itemsOf(journalLine);
/** The journal as JSON (format=json) or as a CSV file (format=csv, the default). */
export const journal = {
  description: 'The journal: one line per movement, with its debit and credit account',
  content: {
    'application/json': { schema: journalLines },
    'text/csv': { schema: z.string().describe('One line per movement, with a header line') },
  },
};

export const reconciliationRow = z.object({
  settlementId: z.string().nullable(),
  returnNumber: z.string().nullable(),
  paymentReference: z.string(),
  retour: z.object({ status: z.enum(SETTLEMENT_STATUSES), amount: z.number() }).nullable(),
  provider: z
    .object({ refundId: z.string(), status: z.string().describe('As the provider reports it'), amount: z.number() })
    .nullable(),
  outcome: z.enum(RECONCILIATION_OUTCOMES).describe('not_in_retour: a refund made at the provider outside Retour'),
});
export const reconciliation = z.object({
  provider: z.enum(REFUND_ROUTES),
  day,
  configured: z.boolean().describe('Whether the provider is set up; if not, only Retour’s side is shown'),
  totals: z.object({
    retour: z.number().describe('Refunds that succeeded in Retour'),
    provider: z.number().describe('Refunds the provider made and did not refuse'),
    differences: z.number().describe('Rows neither matched nor pending'),
  }),
  rows: z.array(reconciliationRow),
  errors: z.array(z.object({ paymentReference: z.string(), message: z.string() })),
});

export type JournalLine = Wire<typeof journalLine>;
export type JournalLines = Wire<typeof journalLines>;
export type Reconciliation = Wire<typeof reconciliation>;
export type AccountCodes = Wire<typeof accountCodes>;
