import type { FieldIssue } from '../../domain/errors.js';
import { isBookableSlot, isOfferedSlot, type PickupSlot } from '../../domain/pickupSlots.js';
import type { ReturnMethod } from '../../domain/policy/document.js';
import type { LineVerdict } from '../../domain/policy/evaluate.js';
import { availableToPromise } from '../catalog/stock.js';
import { lockVariantsForStock } from '../catalog/stockLocks.js';
import type { Tx } from '../kernel/transaction.js';
import {
  type ChosenServicePoint,
  DROPPED_OFF,
  methodsOnOffer,
  needsServicePoint,
  type ShippingFacts,
  ShippingUnavailable,
  slotOnOffer,
} from './shippingOffers.js';

/** What a shopper chose besides the lines themselves: what to get in exchange, the photos, and how
 * the parcel travels. Each check adds its findings to `issues`, so one answer lists them all. */

export interface ChosenLine {
  orderLineId: string;
  quantity: number;
  resolution: string;
  exchangeVariantId?: string | null;
  photoIds?: string[] | null;
}

export interface PricedExchange {
  variantId: string;
  title: string;
  sku: string;
  unitPrice: number;
}

/** Exchange variants: they exist, are sold in the order's currency, are not the item itself, and
 * enough can still be promised. The variants' stock locks (see stockLocks) and rows are locked in a
 * fixed order, so two requests for the last unit are decided one after the other and deadlocks
 * cannot form. */
export async function checkExchanges(
  tx: Tx,
  lines: readonly ChosenLine[],
  context: { currency: string; orderId: string; required: boolean },
  issues: FieldIssue[],
): Promise<Map<number, PricedExchange>> {
  const priced = new Map<number, PricedExchange>();
  lines.forEach((line, index) => {
    if (line.resolution === 'exchange' && !line.exchangeVariantId && context.required)
      issues.push({
        path: `lines.${index}.exchangeVariantId`,
        message: 'choose what to get instead',
        code: 'EXCHANGE_VARIANT_REQUIRED',
      });
    if (line.exchangeVariantId && line.resolution !== 'exchange')
      issues.push({
        path: `lines.${index}.exchangeVariantId`,
        message: 'only for an exchange',
        code: 'EXCHANGE_VARIANT_UNEXPECTED',
      });
  });
  const wanted = lines.flatMap((l, index) => (l.resolution === 'exchange' && l.exchangeVariantId ? [{ index, line: l }] : []));
  if (wanted.length === 0) return priced;

  const ids = [...new Set(wanted.map((w) => w.line.exchangeVariantId as string))].sort();
  // Promising units counts what is on hand as a take-out does: the stock locks taken alone first.
  await lockVariantsForStock(tx, ids, 'alone');
  const variants = await tx
    .selectFrom('variants')
    .select(['id', 'title', 'sku', 'price_amount', 'currency'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const stock = await availableToPromise(tx, ids);
  const variantOfLine = await variantsOfLines(tx, context.orderId);
  const claimed = new Map<string, number>();
  for (const { index, line } of wanted) {
    const id = line.exchangeVariantId as string;
    const path = `lines.${index}.exchangeVariantId`;
    const variant = variants.find((v) => v.id === id);
    if (!variant || variant.currency !== context.currency) {
      issues.push({ path, message: 'not a variant this shop sells in the order currency', code: 'EXCHANGE_VARIANT_NOT_FOUND' });
      continue;
    }
    if (variantOfLine.get(line.orderLineId) === id) {
      issues.push({
        path,
        message: 'that is the same item; choose another size, colour or product',
        code: 'EXCHANGE_SAME_VARIANT',
      });
      continue;
    }
    const total = (claimed.get(id) ?? 0) + line.quantity;
    claimed.set(id, total);
    if (total > (stock.get(id) ?? 0)) {
      issues.push({ path, message: `only ${stock.get(id) ?? 0} in stock`, code: 'EXCHANGE_OUT_OF_STOCK' });
      continue;
    }
    priced.set(index, { variantId: id, title: variant.title, sku: variant.sku, unitPrice: variant.price_amount });
  }
  return priced;
}

/** Photos: the ones given are this order's and not yet on another request; a line whose reason or
 * policy asks for photos has at least one. */
export async function checkPhotos(
  tx: Tx,
  orderId: string,
  lines: readonly ChosenLine[],
  verdicts: readonly Pick<LineVerdict, 'photoRequired'>[],
  required: boolean,
  issues: FieldIssue[],
): Promise<void> {
  const ids = lines.flatMap((l) => l.photoIds ?? []);
  if (new Set(ids).size !== ids.length)
    issues.push({ path: 'lines', message: 'a photo can belong to one line only', code: 'PHOTO_LISTED_TWICE' });
  const found =
    ids.length === 0
      ? []
      : await tx
          .selectFrom('return_photos')
          .select('id')
          .where('id', 'in', ids)
          .where('order_id', '=', orderId)
          .where('return_line_id', 'is', null)
          .forUpdate()
          .execute();
  const usable = new Set(found.map((p) => p.id));
  lines.forEach((line, index) => {
    for (const id of line.photoIds ?? [])
      if (!usable.has(id))
        issues.push({ path: `lines.${index}.photoIds`, message: `photo ${id} is not available`, code: 'PHOTO_NOT_FOUND' });
    if (required && verdicts[index]?.photoRequired && (line.photoIds ?? []).length === 0)
      issues.push({ path: `lines.${index}.photoIds`, message: 'add a photo of the item', code: 'PHOTO_REQUIRED' });
  });
}

/** Attaches the photos to the lines that were created for them. */
export async function attachPhotos(tx: Tx, lines: readonly ChosenLine[], lineIds: readonly string[]): Promise<void> {
  for (const [index, line] of lines.entries()) {
    const ids = line.photoIds ?? [];
    const lineId = lineIds[index];
    if (ids.length > 0 && lineId)
      await tx.updateTable('return_photos').set({ return_line_id: lineId }).where('id', 'in', ids).execute();
  }
}

export interface ChosenLogistics {
  pickupSlot: PickupSlot | null;
  storeId: string | null;
  servicePoint: ChosenServicePoint | null;
  parcelCount: number;
}

/** The request's fields on how the parcel travels (see RequestReturnInput). */
interface LogisticsInput {
  orderId: string;
  method?: ReturnMethod | null;
  pickupSlot?: PickupSlot | null;
  storeId?: string | null;
  servicePointId?: string | null;
  servicePoint?: { carrier?: string | null; address?: { postcode?: string | null } | null } | null;
  parcelCount?: number;
}

/** How the parcel travels: a method on offer in the shopper's country, a pickup one of the slots
 * on offer (the carrier's where it has its own), an in-store return a store, and a drop-off point
 * the carrier knows where its service needs one. What the carriers said was asked beforehand. */
export async function checkLogistics(
  tx: Tx,
  input: LogisticsInput,
  context: { now: Date; timeZone: string; required: boolean; shipping: ShippingFacts },
  issues: FieldIssue[],
): Promise<ChosenLogistics> {
  const { offer } = context.shipping;
  if (input.method && methodsOnOffer([{ method: input.method }], offer).length === 0)
    issues.push({ path: 'method', message: `not offered for returns from ${offer.country}`, code: 'METHOD_NOT_OFFERED' });
  if (input.pickupSlot && input.method !== 'pickup')
    issues.push({ path: 'pickupSlot', message: 'only for a pickup', code: 'PICKUP_SLOT_UNEXPECTED' });
  if (input.storeId && input.method !== 'store')
    issues.push({ path: 'storeId', message: 'only for a return in a store', code: 'STORE_UNEXPECTED' });
  return {
    pickupSlot: input.method === 'pickup' ? checkPickupSlot(input.pickupSlot, context, issues) : null,
    storeId: input.method === 'store' ? await checkStore(tx, input.storeId, context.required, issues) : null,
    servicePoint: checkServicePoint(input, context, issues),
    parcelCount: input.parcelCount ?? 1,
  };
}

function checkPickupSlot(
  slot: PickupSlot | null | undefined,
  context: { now: Date; timeZone: string; required: boolean; shipping: ShippingFacts },
  issues: FieldIssue[],
): PickupSlot | null {
  if (!slot) {
    if (context.required) issues.push({ path: 'pickupSlot', message: 'choose a pickup time', code: 'PICKUP_SLOT_REQUIRED' });
    return null;
  }
  const { carrierSlots } = context.shipping;
  if (carrierSlots === 'unavailable') {
    issues.push({ path: 'pickupSlot', message: new ShippingUnavailable().message, code: 'CARRIER_UNAVAILABLE' });
    return null;
  }
  // The carrier's windows are offered only until their change cut-off, as Retour's are.
  const offered = slotOnOffer(slot, carrierSlots, (s) => isOfferedSlot(s, context.now, context.timeZone));
  if (offered && isBookableSlot(slot, context.now, context.timeZone)) return slot;
  issues.push({ path: 'pickupSlot', message: 'this time is no longer on offer', code: 'PICKUP_SLOT_NOT_OFFERED' });
  return null;
}

async function checkStore(tx: Tx, storeId: string | null | undefined, required: boolean, issues: FieldIssue[]) {
  if (!storeId) {
    if (required) issues.push({ path: 'storeId', message: 'choose a store', code: 'STORE_REQUIRED' });
    return null;
  }
  const store = await tx
    .selectFrom('warehouses')
    .select('id')
    .where('id', '=', storeId)
    .where('kind', '=', 'store')
    .executeTakeFirst();
  if (!store) issues.push({ path: 'storeId', message: 'not one of our stores', code: 'STORE_NOT_FOUND' });
  return store?.id ?? null;
}

/** A drop-off point where the service needs one (the partner method always), as the carrier
 * confirmed it; none for methods that are not dropped off. */
function checkServicePoint(
  input: LogisticsInput,
  context: { required: boolean; shipping: ShippingFacts },
  issues: FieldIssue[],
): ChosenServicePoint | null {
  const path = 'servicePointId';
  const { offer, point } = context.shipping;
  const droppedOff = Boolean(input.method && DROPPED_OFF.includes(input.method));
  if (!input.servicePointId) {
    if (context.required && needsServicePoint(input.method, offer))
      issues.push({ path, message: 'choose a drop-off point', code: 'SERVICE_POINT_REQUIRED' });
    return null;
  }
  if (!droppedOff) {
    issues.push({ path, message: 'only for a parcel dropped off at a point', code: 'SERVICE_POINT_UNEXPECTED' });
    return null;
  }
  if (point === 'unavailable') {
    issues.push({ path, message: new ShippingUnavailable().message, code: 'CARRIER_UNAVAILABLE' });
    return null;
  }
  if (!point) issues.push({ path, message: 'the carrier does not know this point', code: 'SERVICE_POINT_NOT_FOUND' });
  return point;
}

/** The variant each order line was sold as (to refuse exchanging an item for itself). */
async function variantsOfLines(tx: Tx, orderId: string): Promise<Map<string, string | null>> {
  const rows = await tx.selectFrom('order_lines').select(['id', 'variant_id']).where('order_id', '=', orderId).execute();
  return new Map(rows.map((r) => [r.id, r.variant_id]));
}
