/**
 * Returns that start on a marketplace (announced through ChannelEngine): the marketplace's reasons
 * and how they map onto a shop's own reason codes, both ways.
 */

/** ChannelEngine's ReturnReason values. */
export const CHANNELENGINE_RETURN_REASONS = [
  'PRODUCT_DEFECT',
  'PRODUCT_UNSATISFACTORY',
  'WRONG_PRODUCT',
  'TOO_MANY_PRODUCTS',
  'REFUSED',
  'REFUSED_DAMAGED',
  'WRONG_ADDRESS',
  'NOT_COLLECTED',
  'WRONG_SIZE',
  'OTHER',
] as const;
export type ChannelEngineReturnReason = (typeof CHANNELENGINE_RETURN_REASONS)[number];

export function isChannelEngineReturnReason(value: string): value is ChannelEngineReturnReason {
  return (CHANNELENGINE_RETURN_REASONS as readonly string[]).includes(value);
}

/**
 * The shop's reason code for each marketplace reason, where the shop has not chosen its own
 * (`settings.reasonMap` of the connection). The codes are those of the usual reason catalogue;
 * a code the shop does not have leaves the return line without a reason rather than failing.
 */
export const DEFAULT_MARKETPLACE_REASON_MAP: Record<ChannelEngineReturnReason, string> = {
  PRODUCT_DEFECT: 'defective',
  PRODUCT_UNSATISFACTORY: 'not_as_described',
  WRONG_PRODUCT: 'wrong_item',
  TOO_MANY_PRODUCTS: 'changed_mind',
  REFUSED: 'changed_mind',
  REFUSED_DAMAGED: 'damaged_in_transit',
  WRONG_ADDRESS: 'arrived_late',
  NOT_COLLECTED: 'changed_mind',
  WRONG_SIZE: 'too_small',
  OTHER: 'changed_mind',
};

/** The shop's reason code for a marketplace reason: the connection's own map first, then the default. */
export function shopReasonFor(marketplaceReason: string, overrides: Record<string, string> | undefined): string | null {
  const own = overrides?.[marketplaceReason];
  if (own) return own;
  return isChannelEngineReturnReason(marketplaceReason) ? DEFAULT_MARKETPLACE_REASON_MAP[marketplaceReason] : null;
}

/** Reason codes of the usual catalogue (and their parents) that say what a marketplace reason says. */
const REASON_CODE_TO_MARKETPLACE: Record<string, ChannelEngineReturnReason> = {
  fit: 'WRONG_SIZE',
  too_small: 'WRONG_SIZE',
  too_large: 'WRONG_SIZE',
  quality: 'PRODUCT_UNSATISFACTORY',
  defective: 'PRODUCT_DEFECT',
  damaged_in_transit: 'REFUSED_DAMAGED',
  not_as_described: 'PRODUCT_UNSATISFACTORY',
  wrong_item: 'WRONG_PRODUCT',
};

/**
 * The marketplace reason for a return made in Retour: the connection's map read backwards first
 * (the first marketplace reason mapped to this code), then the usual catalogue's meaning, then OTHER.
 */
export function marketplaceReasonFor(
  reasonCode: string | null,
  overrides: Record<string, string> | undefined,
): ChannelEngineReturnReason {
  if (!reasonCode) return 'OTHER';
  for (const [marketplace, code] of Object.entries(overrides ?? {})) {
    if (code === reasonCode && isChannelEngineReturnReason(marketplace)) return marketplace;
  }
  return REASON_CODE_TO_MARKETPLACE[reasonCode] ?? 'OTHER';
}
