import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  balanceOf,
  type CreditMovement,
  expiringAmount,
  formatCreditCode,
  normaliseCreditCode,
  reversalOf,
} from '../../src/domain/storeCredit.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
const credit = (id: string, amount: number, expires: number | null): CreditMovement => ({
  id,
  kind: 'issue',
  amount,
  expiresAt: expires === null ? null : day(expires),
  reversesId: null,
});
const spend = (id: string, amount: number): CreditMovement => ({
  id,
  kind: 'redeem',
  amount: -amount,
  expiresAt: null,
  reversesId: null,
});

describe('store credit rules', () => {
  it('expires what is left of a lot after spending used the soonest-expiring credit first', () => {
    const entries = [credit('a', 5_000, 10), credit('b', 2_000, null), spend('c', 3_500)];
    expect(expiringAmount(entries, entries[0] as CreditMovement)).toBe(1_500);
    // Spending beyond the lot eats into later credit, and the lot has nothing left.
    const more = [...entries, spend('d', 2_000)];
    expect(expiringAmount(more, more[0] as CreditMovement)).toBe(0);
    // A lot that already expired expires no more.
    const done = [...entries, { id: 'e', kind: 'expire' as const, amount: -1_500, expiresAt: null, reversesId: 'a' }];
    expect(expiringAmount(done, done[0] as CreditMovement)).toBe(0);
  });

  it('matches spending lot by lot in expiry order, for any history (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ amount: fc.integer({ min: 1, max: 10_000 }), expires: fc.option(fc.integer({ min: 1, max: 30 })) }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 6 }),
        (lots, spends) => {
          const credits = lots.map((l, i) => credit(`l${i}`, l.amount, l.expires));
          // Spend only what is there, as the ledger enforces.
          let left = balanceOf(credits);
          const debits = spends.flatMap((s, i) => {
            const take = Math.min(s, left);
            left -= take;
            return take > 0 ? [spend(`s${i}`, take)] : [];
          });
          const entries = [...credits, ...debits];
          // Model: walk the lots soonest-expiring first (never-expiring last) and consume the spending.
          const order = [...credits].sort(
            (a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) || a.id.localeCompare(b.id),
          );
          let spent = -balanceOf(debits);
          const remaining = new Map<string, number>();
          for (const lot of order) {
            const used = Math.min(spent, lot.amount);
            spent -= used;
            remaining.set(lot.id, lot.amount - used);
          }
          const first = order[0] as CreditMovement;
          if (first.expiresAt) expect(expiringAmount(entries, first)).toBe(remaining.get(first.id));
        },
      ),
    );
  });

  it('reverses an entry once, and not below what the account holds', () => {
    const entries = [credit('a', 1_000, null), spend('b', 600)];
    expect(reversalOf(entries, entries[1] as CreditMovement, 400)).toBe(600);
    expect(() => reversalOf(entries, entries[0] as CreditMovement, 400)).toThrow(/available/);
    const reversed = [...entries, { id: 'c', kind: 'reverse' as const, amount: 600, expiresAt: null, reversesId: 'b' }];
    expect(() => reversalOf(reversed, reversed[1] as CreditMovement, 1_000)).toThrow(/reversed already/);
  });

  it('makes codes people can type, and reads them back however they were typed', () => {
    const code = formatCreditCode(new Uint8Array(12).map((_, i) => i * 37));
    expect(code).toMatch(/^RC-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normaliseCreditCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normaliseCreditCode(code.slice(3))).toBe(code);
  });
});
