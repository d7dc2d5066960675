import type { ShopConnectionSettings } from '../../../db/schema/connections.js';
import type { FieldIssue } from '../../../domain/errors.js';
import { SHOP_PLATFORM_CAPABILITIES, SHOP_PLATFORM_NAMES, type ShopPlatform } from '../../../domain/shopPlatforms.js';
import type { Tx } from '../../kernel/transaction.js';

/**
 * What is wrong with a connection's settings, field by field: a choice the platform cannot honour
 * (a refund through ChannelEngine, a restock in WooCommerce), a warehouse or reason that does not
 * exist. A setting left out takes the sync's default, so an empty object is always right.
 */
export async function settingsIssues(tx: Tx, platform: ShopPlatform, settings: ShopConnectionSettings): Promise<FieldIssue[]> {
  const can = SHOP_PLATFORM_CAPABILITIES[platform];
  const name = SHOP_PLATFORM_NAMES[platform];
  const issues: FieldIssue[] = [];
  const unable = (field: keyof ShopConnectionSettings, what: string) =>
    issues.push({ path: `settings.${field}`, message: `${name} ${what}`, code: 'NOT_SUPPORTED_BY_PLATFORM' });
  if (settings.refundThroughPlatform && !can.refunds)
    unable('refundThroughPlatform', 'makes no refunds: the marketplace refunds its buyers');
  if (settings.pushReturns && !can.pushesReturns) unable('pushReturns', 'takes no returns made elsewhere');
  if (settings.pushRestocks && !can.inventory) unable('pushRestocks', 'is not told of restocks');
  if (settings.importProducts && !can.ownsCatalog) unable('importProducts', 'does not own the catalogue');
  if (settings.reasonMap && Object.keys(settings.reasonMap).length > 0 && !can.inboundReturns)
    unable('reasonMap', 'announces no returns of its own');
  if (settings.marketplaceReturnDays !== undefined && !can.inboundReturns)
    unable('marketplaceReturnDays', 'announces no returns of its own');
  if (settings.locations && Object.keys(settings.locations).length > 0 && !can.inventory)
    unable('locations', 'is not told of restocks');

  const warehouses = Object.keys(settings.locations ?? {});
  if (warehouses.length > 0) {
    const known = new Set(
      (await tx.selectFrom('warehouses').select('id').where('id', 'in', warehouses).execute()).map((w) => w.id),
    );
    for (const id of warehouses)
      if (!known.has(id)) issues.push({ path: `settings.locations.${id}`, message: 'no such warehouse' });
  }
  const reasons = [...new Set(Object.values(settings.reasonMap ?? {}))];
  if (reasons.length > 0) {
    const known = new Set(
      (await tx.selectFrom('reasons').select('code').where('code', 'in', reasons).execute()).map((r) => r.code),
    );
    for (const [theirs, ours] of Object.entries(settings.reasonMap ?? {})) {
      if (!known.has(ours)) issues.push({ path: `settings.reasonMap.${theirs}`, message: `no return reason ${ours}` });
    }
  }
  return issues;
}
