import type { RetourDb } from '../../db/connection.js';
import type { Address } from '../../db/schema.js';
import { notFound, RetourError } from '../../domain/errors.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { returnQrPayload } from '../../integrations/labels/qrCode.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import { defaultWarehouse, listWarehousesCached } from '../catalog/warehouseList.js';
import type { AppCaches } from '../kernel/context.js';

export interface ReturnLabelData {
  returnNumber: string;
  shopName: string;
  from: Address;
  to: Address;
  qrPayload: string;
  createdAt: Date;
}

/** What a return's label shows: the shopper's address from the order, where routing sent the
 * return (else the shop's return address or its default warehouse), and the return number. `customerId` limits it to that customer's
 * returns. Cancelled, rejected and expired returns have no label. The shop's settings and
 * warehouses come from `caches` (every e-mail with a label reads them): a change made in this
 * process is seen at once; one made in another is heard of within milliseconds, and a label made
 * meanwhile shows the address a label made a moment earlier would have. */
export async function getReturnLabelData(
  db: RetourDb,
  caches: AppCaches,
  returnId: string,
  options: { customerId?: string } = {},
): Promise<ReturnLabelData> {
  let q = db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.created_at',
      'returns.routing',
      'orders.order_number',
      'orders.shipping_address',
    ])
    .where('returns.id', '=', returnId);
  if (options.customerId) q = q.where('returns.customer_id', '=', options.customerId);
  const [row, settings, warehouses] = await Promise.all([
    q.executeTakeFirst(),
    getShopSettingsCached(caches, db),
    listWarehousesCached(caches, db),
  ]);
  const warehouse = defaultWarehouse(warehouses);
  if (!row) throw notFound('Return', returnId);
  if (CALLED_OFF_STATUSES.includes(row.status)) {
    throw new RetourError('conflict', 'RETURN_NOT_SHIPPABLE', `Return ${row.number} is ${row.status}: nothing to send`);
  }
  // Where routing sent the return (a hub, a vendor, a repair partner), else the shop's return address.
  const routed = (row.routing as { to?: Address & { line2?: string | null } } | null)?.to;
  const to = routed
    ? { ...routed, line2: routed.line2 ?? undefined }
    : (settings.returnAddress ?? (warehouse ? { name: warehouse.name, ...warehouse.address } : null));
  if (!to) throw new RetourError('conflict', 'NO_RETURN_ADDRESS', 'The shop has no return address or warehouse yet');
  return {
    returnNumber: row.number,
    shopName: settings.name,
    from: row.shipping_address,
    to: { ...to, name: to.name ?? settings.name },
    qrPayload: returnQrPayload(row.number, row.order_number),
    createdAt: row.created_at,
  };
}
