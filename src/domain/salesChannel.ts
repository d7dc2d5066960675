/** Where orders are sold: the shop's own webshop, a marketplace, a physical store, a point of
 * sale, or anything else a shop connects. Policy conditions and automation match on the code. */
export const CHANNEL_KINDS = ['webshop', 'marketplace', 'store', 'pos', 'other'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A warehouse receives returns sent to it; a store also takes them over the counter. */
export const WAREHOUSE_KINDS = ['warehouse', 'store'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];
