import type { Disposition, Grade } from './returnLifecycle.js';

/** Grade × category → disposition; a rule without a category holds for every category. */
export interface DispositionRule {
  grade: Grade;
  categoryId: string | null;
  disposition: Disposition;
  /** Share of the paid price the disposition is expected to bring back, in basis points. */
  recoveryBp: number;
}

export const STOCK_CONDITIONS = ['new', 'open_box', 'refurbished'] as const;
export type StockCondition = (typeof STOCK_CONDITIONS)[number];
/** Movements staff record by hand; restocks from returns are written by the inspection flow. */
export const MANUAL_STOCK_KINDS = ['opening', 'count', 'receipt', 'shipment', 'write_off', 'adjustment'] as const;

/** What a disposition brings back when no rule for it says otherwise (an inspector's override). */
export const DEFAULT_RECOVERY_BP: Record<Disposition, number> = {
  restock: 10_000,
  refurbish: 5_000,
  return_to_vendor: 3_000,
  liquidate: 2_000,
  donate: 0,
  recycle: 0,
  dispose: 0,
  return_to_customer: 0,
};

/** The rule for a grade in the most specific category: the item's own category first, then its
 * parents (`categoryChain`, nearest first), then the rule without a category. */
export function suggestDisposition(
  rules: readonly DispositionRule[],
  grade: Grade,
  categoryChain: readonly string[],
): DispositionRule | null {
  for (const categoryId of categoryChain) {
    const rule = rules.find((r) => r.grade === grade && r.categoryId === categoryId);
    if (rule) return rule;
  }
  return rules.find((r) => r.grade === grade && r.categoryId === null) ?? null;
}

/** The recovery share for the disposition chosen: the suggested rule's when it was accepted. */
export function recoveryBpFor(chosen: Disposition, suggested: DispositionRule | null): number {
  return suggested && suggested.disposition === chosen ? suggested.recoveryBp : DEFAULT_RECOVERY_BP[chosen];
}

/** Value recovered, in minor units, rounded down: never more than was paid. */
export function recoveredValue(paidValue: number, recoveryBp: number): number {
  return Math.floor((paidValue * recoveryBp) / 10_000);
}

/** The stock a restocked unit goes back into: as new only when graded as new. */
export function restockCondition(grade: Grade): StockCondition {
  if (grade === 'A') return 'new';
  if (grade === 'B') return 'open_box';
  return 'refurbished';
}

/** A category followed by its parents, nearest first; stops at a loop in bad data. */
export function categoryChain(categoryId: string | null, parentOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  let current = categoryId;
  while (current && !chain.includes(current)) {
    chain.push(current);
    current = parentOf.get(current) ?? null;
  }
  return chain;
}
