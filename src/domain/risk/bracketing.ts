import type { RiskFacts } from './facts.js';

/** One line of the order, with what earlier returns and this request take back of it. */
export interface BracketingLine {
  productId: string | null;
  variantId: string | null;
  quantity: number;
  /** Units other returns that still stand hold of the line. */
  returnedBefore: number;
  /** Units this request asks back. */
  askedNow: number;
}

/**
 * Bracketing: several sizes or colours of one product bought on one order, all but one sent back —
 * the shopper used the shop as a fitting room. It is a cost, not fraud: each unit sent back costs
 * the shop its handling (`handlingCost`, minor units). Counts the products this request completes
 * the pattern for, with the units it asks back of them.
 */
export function bracketing(lines: readonly BracketingLine[], handlingCost: number): RiskFacts['current']['bracketing'] {
  const byProduct = new Map<string, Map<string, { bought: number; back: number; now: number }>>();
  for (const l of lines) {
    if (!l.productId || !l.variantId) continue;
    let variants = byProduct.get(l.productId);
    if (!variants) {
      variants = new Map();
      byProduct.set(l.productId, variants);
    }
    const v = variants.get(l.variantId) ?? { bought: 0, back: 0, now: 0 };
    v.bought += l.quantity;
    v.back += l.returnedBefore + l.askedNow;
    v.now += l.askedNow;
    variants.set(l.variantId, v);
  }
  let products = 0;
  let units = 0;
  for (const variants of byProduct.values()) {
    const all = [...variants.values()];
    if (all.length < 2) continue;
    const asked = all.reduce((sum, v) => sum + v.now, 0);
    const kept = all.filter((v) => v.back < v.bought).length;
    if (asked === 0 || kept !== 1) continue;
    products += 1;
    units += asked;
  }
  return { products, units, cost: units * handlingCost };
}
