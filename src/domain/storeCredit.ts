import { RetourError } from './errors.js';
import { isOneOf } from './oneOf.js';

/** What moved credit: issued for a return, a bonus on it, spent, expired, corrected by staff, or
 * undone by a counter-entry. */
export const STORE_CREDIT_ENTRY_KINDS = ['issue', 'bonus', 'redeem', 'expire', 'adjust', 'reverse'] as const;
export type StoreCreditEntryKind = (typeof STORE_CREDIT_ENTRY_KINDS)[number];

/** Entries staff may undo with a counter-entry. An expiry or a reversal is itself the undoing of
 * another entry, so it is never undone in turn. */
export const REVERSIBLE_ENTRY_KINDS: readonly StoreCreditEntryKind[] = ['issue', 'bonus', 'redeem', 'adjust'];

/** Credit set aside during a checkout: held until it is captured (spent) or released. */
export const STORE_CREDIT_HOLD_STATUSES = ['held', 'captured', 'released'] as const;
export type StoreCreditHoldStatus = (typeof STORE_CREDIT_HOLD_STATUSES)[number];

/** One movement on a store-credit account, as the ledger rules see it. */
export interface CreditMovement {
  id: string;
  kind: StoreCreditEntryKind;
  /** Signed minor units: credit in, debit out. */
  amount: number;
  expiresAt: Date | null;
  /** For expire and reverse: the entry it uses up or undoes. */
  reversesId: string | null;
}

/** The balance is the sum of the entries: never a stored number that can drift. */
export const balanceOf = (entries: readonly CreditMovement[]) => entries.reduce((s, e) => s + e.amount, 0);

/** What a checkout can still spend: the balance less what open holds keep aside. */
export const availableOf = (entries: readonly CreditMovement[], held: number) => balanceOf(entries) - held;

/** Refuses a debit the account cannot cover, naming the field that asked too much. */
export function requireCovered(available: number, amount: number, field = 'amount'): void {
  if (amount > available) {
    throw new RetourError(
      'conflict',
      'INSUFFICIENT_CREDIT',
      `Only ${available} of store credit is available`,
      [{ path: field, message: `must be at most ${available}` }],
      { available },
    );
  }
}

/**
 * How much of a credit lot is left to expire at its expiry date. Spending uses the soonest-expiring
 * credit first (what a shopper would want), so a lot is intact as long as the credit that expires
 * later (or never) has not been touched: what is left of it is the balance less all later credit,
 * between zero and the lot's own amount. Lots are expired in order of their dates.
 */
export function expiringAmount(entries: readonly CreditMovement[], lot: CreditMovement): number {
  if (!lot.expiresAt || lot.amount <= 0) return 0;
  const at = lot.expiresAt.getTime();
  const expired = new Set(entries.filter((e) => e.kind === 'expire' || e.kind === 'reverse').map((e) => e.reversesId));
  if (expired.has(lot.id)) return 0;
  const later = entries
    .filter(
      (e) =>
        e.id !== lot.id &&
        e.amount > 0 &&
        e.kind !== 'reverse' &&
        !expired.has(e.id) &&
        (e.expiresAt === null || e.expiresAt.getTime() > at || (e.expiresAt.getTime() === at && e.id > lot.id)),
    )
    .reduce((s, e) => s + e.amount, 0);
  return Math.max(0, Math.min(lot.amount, balanceOf(entries) - later));
}

/** An entry can be undone once, and only while the account still holds what it added. */
export function reversalOf(entries: readonly CreditMovement[], target: CreditMovement, available: number): number {
  if (!isOneOf(REVERSIBLE_ENTRY_KINDS, target.kind)) {
    throw new RetourError('conflict', 'ENTRY_NOT_REVERSIBLE', `A ${target.kind} entry cannot be reversed`);
  }
  if (entries.some((e) => e.kind === 'reverse' && e.reversesId === target.id)) {
    throw new RetourError('conflict', 'ENTRY_ALREADY_REVERSED', 'This entry was reversed already');
  }
  if (entries.some((e) => e.kind === 'expire' && e.reversesId === target.id)) {
    throw new RetourError('conflict', 'ENTRY_EXPIRED', 'This credit has expired and cannot be reversed');
  }
  const amount = -target.amount;
  if (amount < 0) requireCovered(available, -amount, 'entryId');
  return amount;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A code a shopper can read out and type: RC- and three groups of four, no 0/O or 1/I. */
export function formatCreditCode(random: Uint8Array): string {
  const chars = [...random.slice(0, 12)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `RC-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Accepts a code as typed: any case, with or without dashes and spaces. */
export function normaliseCreditCode(input: string): string {
  const raw = input.toUpperCase().replace(/[\s-]/g, '');
  const body = raw.startsWith('RC') ? raw.slice(2) : raw;
  return body.length === 12 ? `RC-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}` : input.trim().toUpperCase();
}
