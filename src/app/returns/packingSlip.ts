import type { RetourDb } from '../../db/connection.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';
import type { PackingSlipInput } from '../../integrations/labels/packingSlip.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppCaches } from '../kernel/context.js';
import { getReturnLabelData } from './returnLabel.js';

/** What a return's packing slip lists: the lines with their reason in the shopper's language, the
 * chosen resolution and exchange, and how the parcel travels. */
export async function getPackingSlipData(
  db: RetourDb,
  caches: AppCaches,
  returnId: string,
  locale: ShopperLocale,
  options: { customerId?: string } = {},
): Promise<PackingSlipInput> {
  // The label's rules decide whether there is anything to send and where it goes.
  const label = await getReturnLabelData(db, caches, returnId, options);
  const [ret, lines, settings] = await Promise.all([
    db
      .selectFrom('returns')
      .innerJoin('orders', 'orders.id', 'returns.order_id')
      .innerJoin('customers', 'customers.id', 'returns.customer_id')
      .select([
        'returns.method',
        'returns.pickup_slot_start',
        'returns.pickup_slot_end',
        'orders.order_number',
        'orders.email',
        'customers.first_name',
        'customers.last_name',
      ])
      .where('returns.id', '=', returnId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('return_lines as rl')
      .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
      .leftJoin('variants as v', 'v.id', 'ol.variant_id')
      .leftJoin('reasons as r', 'r.id', 'rl.reason_id')
      .leftJoin('variants as xv', 'xv.id', 'rl.exchange_variant_id')
      .select([
        'ol.sku',
        'ol.title',
        'v.options',
        'rl.quantity',
        'r.labels',
        'r.code',
        'rl.requested_resolution',
        'rl.granted_resolution',
        'xv.title as exchange_title',
      ])
      .where('rl.return_id', '=', returnId)
      .where('rl.acceptance', '!=', 'rejected')
      .orderBy('rl.id')
      .execute(),
    getShopSettingsCached(caches, db),
  ]);
  const name = [ret.first_name, ret.last_name].filter(Boolean).join(' ');
  return {
    locale,
    shopName: settings.name,
    returnNumber: label.returnNumber,
    orderNumber: ret.order_number,
    createdAt: label.createdAt,
    method: (ret.method as PackingSlipInput['method']) ?? null,
    pickupSlot: ret.pickup_slot_start && ret.pickup_slot_end ? { start: ret.pickup_slot_start, end: ret.pickup_slot_end } : null,
    timeZone: settings.timezone,
    to: label.to,
    customer: { ...(name ? { name } : {}), email: ret.email },
    lines: lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      options: l.options ?? {},
      quantity: l.quantity,
      reason: l.labels ? (l.labels[locale] ?? l.labels.en ?? l.code) : null,
      resolution: l.granted_resolution ?? l.requested_resolution,
      exchangeFor: l.exchange_title,
    })),
  };
}
