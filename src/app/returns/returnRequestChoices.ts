import type { FieldIssue } from '../../domain/errors.js';
import { isOfferedSlot, type PickupSlot } from '../../domain/pickupSlots.js';
import type { LineVerdict } from '../../domain/policy/evaluate.js';
import { availableToPromise } from '../catalog/stock.js';
import type { Tx } from '../kernel/transaction.js';

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
 * enough can still be promised. The variant rows are locked in a fixed order, so two requests for
 * the last unit are decided one after the other and deadlocks cannot form. */
export async function checkExchanges(
  tx: Tx,
  lines: readonly ChosenLine[],
  context: { currency: string; variantOfLine: Map<string, string | null>; required: boolean },
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
  const variants = await tx
    .selectFrom('variants')
    .select(['id', 'title', 'sku', 'price_amount', 'currency'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const stock = await availableToPromise(tx, ids);
  const claimed = new Map<string, number>();
  for (const { index, line } of wanted) {
    const id = line.exchangeVariantId as string;
    const path = `lines.${index}.exchangeVariantId`;
    const variant = variants.find((v) => v.id === id);
    if (!variant || variant.currency !== context.currency) {
      issues.push({ path, message: 'not a variant this shop sells in the order currency', code: 'EXCHANGE_VARIANT_NOT_FOUND' });
      continue;
    }
    if (context.variantOfLine.get(line.orderLineId) === id) {
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

/** How the parcel travels: a pickup needs one of the slots on offer, an in-store return a store. */
export async function checkLogistics(
  tx: Tx,
  input: { method?: string | null; pickupSlot?: PickupSlot | null; storeId?: string | null },
  context: { now: Date; timeZone: string; required: boolean },
  issues: FieldIssue[],
): Promise<{ pickupSlot: PickupSlot | null; storeId: string | null }> {
  const result = { pickupSlot: null as PickupSlot | null, storeId: null as string | null };
  if (input.pickupSlot && input.method !== 'pickup')
    issues.push({ path: 'pickupSlot', message: 'only for a pickup', code: 'PICKUP_SLOT_UNEXPECTED' });
  if (input.storeId && input.method !== 'store')
    issues.push({ path: 'storeId', message: 'only for a return in a store', code: 'STORE_UNEXPECTED' });
  if (input.method === 'pickup') {
    if (!input.pickupSlot) {
      if (context.required) issues.push({ path: 'pickupSlot', message: 'choose a pickup time', code: 'PICKUP_SLOT_REQUIRED' });
    } else if (!isOfferedSlot(input.pickupSlot, context.now, context.timeZone)) {
      issues.push({ path: 'pickupSlot', message: 'this time is no longer on offer', code: 'PICKUP_SLOT_NOT_OFFERED' });
    } else {
      result.pickupSlot = input.pickupSlot;
    }
  }
  if (input.method === 'store') {
    if (!input.storeId) {
      if (context.required) issues.push({ path: 'storeId', message: 'choose a store', code: 'STORE_REQUIRED' });
    } else {
      const store = await tx
        .selectFrom('warehouses')
        .select('id')
        .where('id', '=', input.storeId)
        .where('kind', '=', 'store')
        .executeTakeFirst();
      if (!store) issues.push({ path: 'storeId', message: 'not one of our stores', code: 'STORE_NOT_FOUND' });
      else result.storeId = store.id;
    }
  }
  return result;
}

/** The variant each order line was sold as (to refuse exchanging an item for itself). */
export async function variantsOfLines(tx: Tx, orderId: string): Promise<Map<string, string | null>> {
  const rows = await tx.selectFrom('order_lines').select(['id', 'variant_id']).where('order_id', '=', orderId).execute();
  return new Map(rows.map((r) => [r.id, r.variant_id]));
}
