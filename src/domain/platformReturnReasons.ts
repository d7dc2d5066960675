/**
 * How Retour's return reasons read on a shop platform a return is registered on. Shopify takes one
 * of a fixed list (its ReturnReason enum); a shop's reasons are its own codes, nested (too_small
 * under fit), so the table knows the usual codes and a code it does not know is read through its
 * parents before falling back to OTHER, with the reason's own label in the note.
 */

export const SHOPIFY_RETURN_REASONS = [
  'SIZE_TOO_SMALL',
  'SIZE_TOO_LARGE',
  'UNWANTED',
  'NOT_AS_DESCRIBED',
  'WRONG_ITEM',
  'DEFECTIVE',
  'STYLE',
  'COLOR',
  'OTHER',
  'UNKNOWN',
] as const;
export type ShopifyReturnReason = (typeof SHOPIFY_RETURN_REASONS)[number];

/** Retour's usual reason codes (the demo shop's and common synonyms) → Shopify's reason. */
export const SHOPIFY_REASON_BY_CODE: Readonly<Record<string, ShopifyReturnReason>> = {
  too_small: 'SIZE_TOO_SMALL',
  size_too_small: 'SIZE_TOO_SMALL',
  too_large: 'SIZE_TOO_LARGE',
  too_big: 'SIZE_TOO_LARGE',
  size_too_large: 'SIZE_TOO_LARGE',
  changed_mind: 'UNWANTED',
  unwanted: 'UNWANTED',
  no_longer_needed: 'UNWANTED',
  better_price: 'UNWANTED',
  arrived_late: 'UNWANTED',
  ordered_multiple: 'UNWANTED',
  not_as_described: 'NOT_AS_DESCRIBED',
  not_as_pictured: 'NOT_AS_DESCRIBED',
  wrong_item: 'WRONG_ITEM',
  wrong_item_sent: 'WRONG_ITEM',
  defective: 'DEFECTIVE',
  damaged: 'DEFECTIVE',
  damaged_in_transit: 'DEFECTIVE',
  broken: 'DEFECTIVE',
  style: 'STYLE',
  did_not_like_style: 'STYLE',
  color: 'COLOR',
  colour: 'COLOR',
  wrong_colour: 'COLOR',
};

export interface PlatformReason {
  reason: ShopifyReturnReason;
  /** The note sent with the line: the shopper's comment, after the reason's own words when the
   * platform's list has nothing closer than OTHER. */
  note: string | null;
}

/**
 * Shopify's reason for a line: the first of the reason's code and its parents (nearest first)
 * that the table knows; OTHER when none does (the reason's label goes in the note); UNKNOWN when
 * the line has no reason at all.
 */
export function shopifyReturnReason(codeChain: readonly string[], label: string | null, comment: string | null): PlatformReason {
  const text = comment?.trim() ? comment.trim() : null;
  if (codeChain.length === 0) return { reason: 'UNKNOWN', note: text };
  for (const code of codeChain) {
    const found = SHOPIFY_REASON_BY_CODE[code.toLowerCase()];
    if (found) return { reason: found, note: text };
  }
  const named = label?.trim() || codeChain[0] || null;
  return { reason: 'OTHER', note: [named, text].filter(Boolean).join(': ') || null };
}
