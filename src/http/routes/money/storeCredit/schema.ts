import { z } from 'zod';
import { STORE_CREDIT_ENTRY_KINDS, STORE_CREDIT_HOLD_STATUSES } from '../../../../domain/storeCredit.js';
import { instant, isoDateTime, itemsOf, reasonText, type Wire } from '../../common.js';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
const positive = z.number().int().min(1).max(100_000_000);

export const codeParams = z.object({ code: z.string().min(1).max(40) });
export const adjustCreditBody = z.strictObject({
  kind: z.enum(['issue', 'adjust']).default('adjust'),
  amount: z
    .number()
    .int()
    .min(-100_000_000)
    .max(100_000_000)
    .refine((n) => n !== 0, 'not zero'),
  currency,
  note: reasonText,
  expiresAt: isoDateTime.nullish(),
});
export const reverseEntryBody = z.strictObject({ note: reasonText });
export const spendBody = z.strictObject({
  code: z.string().trim().min(1).max(40).describe('The code on the credit, as the shopper typed it'),
  amount: positive,
  currency,
  reference: z.string().trim().min(1).max(200).describe("The shop's order or checkout id"),
});
export const holdBody = spendBody.extend({
  expiresInMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
});
export const captureBody = z.strictObject({ amount: positive.optional() }).nullish();

const creditEntry = z.object({
  id: z.string(),
  kind: z.enum(STORE_CREDIT_ENTRY_KINDS),
  amount: z.number().describe('Signed: credit in, debit out'),
  expiresAt: instant.nullable(),
  returnId: z.string().nullable(),
  settlementId: z.string().nullable(),
  holdId: z.string().nullable(),
  reversesId: z.string().nullable().describe('For expire and reverse: the entry it uses up or undoes'),
  reference: z.string().nullable(),
  note: z.string().nullable(),
  actor: z.object({ type: z.string(), id: z.string().nullable() }),
  createdAt: instant,
});
const creditHold = z.object({
  id: z.string(),
  amount: z.number(),
  status: z.enum([...STORE_CREDIT_HOLD_STATUSES, 'expired']).describe('expired: still held, but past its time'),
  reference: z.string().nullable(),
  expiresAt: instant,
});
/** What a code can spend: the balance less what open holds keep aside. */
const balances = {
  balance: z.number().describe('The sum of the entries'),
  held: z.number().describe('Set aside by open holds'),
  available: z.number().describe('What can be spent now'),
};
export const creditAccount = z.object({
  id: z.string(),
  currency: z.string(),
  code: z.string(),
  ...balances,
  entries: z.array(creditEntry).describe('Newest first'),
  holds: z.array(creditHold).describe('The latest 100, newest first'),
});
export const customerCredit = itemsOf(creditAccount).describe("A customer's store credit, one account per currency");
export const codeCredit = z.object({ code: z.string(), currency: z.string(), ...balances });

export const creditAdjusted = z.object({ accountId: z.string(), code: z.string(), entryId: z.string() });
export const entryReversed = z.object({
  accountId: z.string(),
  entryId: z.string().describe('The counter-entry'),
  amount: z.number(),
});
export const creditRedeemed = z.object({
  entryId: z.string(),
  code: z.string(),
  currency: z.string(),
  amount: z.number(),
  available: z.number(),
});
export const creditHeld = z.object({
  holdId: z.string(),
  status: z.literal('held'),
  amount: z.number(),
  currency: z.string(),
  expiresAt: instant,
  available: z.number(),
});
export const holdCaptured = z.object({
  holdId: z.string(),
  status: z.literal('captured'),
  entryId: z.string(),
  amount: z.number(),
  available: z.number(),
});
export const holdReleased = z.object({ holdId: z.string(), status: z.literal('released'), available: z.number() });
export const expiryReport = z.object({
  accounts: z.number().describe('Accounts with credit past its date'),
  expired: z.number().describe('Lots expired'),
  amount: z.number(),
});

export type CustomerCredit = Wire<typeof customerCredit>;
export type CreditAccount = Wire<typeof creditAccount>;
export type CreditEntry = Wire<typeof creditEntry>;
export type CodeCredit = Wire<typeof codeCredit>;
