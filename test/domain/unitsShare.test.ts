import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/domain/money.js';
import { unitsShare } from '../../src/domain/refund.js';

/** The share as the split defines it: every unit listed by largest remainder, the range summed. */
function listedShare(total: number, lineQuantity: number, from: number, count: number): number {
  if (lineQuantity <= 0 || count <= 0) return 0;
  const units = allocate(total, new Array(lineQuantity).fill(1));
  return units.slice(from, from + count).reduce((s, u) => s + u, 0);
}

describe('unitsShare', () => {
  it('counts the share exactly as listing the units does', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1_000_000, max: 100_000_000 }), fc.constantFrom(0, 1, -1, 2 ** 31 - 1)),
        fc.integer({ min: -1, max: 40 }),
        fc.integer({ min: -3, max: 45 }),
        fc.integer({ min: -1, max: 45 }),
        (total, lineQuantity, from, count) => {
          expect(Object.is(unitsShare(total, lineQuantity, from, count), listedShare(total, lineQuantity, from, count))).toBe(
            true,
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('adds up to what the line paid over its units, the first units taking the cents left over', () => {
    expect(unitsShare(1000, 3, 0, 1)).toBe(334);
    expect(unitsShare(1000, 3, 1, 2)).toBe(666);
    expect(unitsShare(-1000, 3, 0, 1)).toBe(-334);
    expect(unitsShare(7990, 2, 1, 1)).toBe(3995);
    expect(unitsShare(5, 2, 2, 1)).toBe(0);
  });
});
