import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type OrderImport, orderImportSchema } from '../../domain/orderImport.js';

export interface FileRejection {
  /** 1-based row in a CSV (the first row of the order), or 1-based position in a JSON array. */
  row: number;
  orderNumber: string | null;
  code: string;
  message: string;
}

export interface ParsedOrderFile {
  orders: { order: OrderImport; row: number }[];
  rejected: FileRejection[];
}

/** Columns of the CSV format: one row per order line; order fields repeat on each of its rows.
 * Amounts are integers in minor units (cents). */
export const CSV_COLUMNS = [
  'order_number',
  'placed_at',
  'channel',
  'currency',
  'email',
  'first_name',
  'last_name',
  'phone',
  'locale',
  'ship_name',
  'ship_line1',
  'ship_line2',
  'ship_postcode',
  'ship_city',
  'ship_country',
  'shipping_amount',
  'shipping_premium_amount',
  'order_discount_amount',
  'payment_method',
  'payment_provider',
  'payment_reference',
  'sku',
  'title',
  'quantity',
  'unit_price_amount',
  'line_discount_amount',
  'tax_rate_bp',
  'delivered_at',
] as const;

type CsvRecord = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

const opt = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const num = (v: string | undefined) => {
  const t = opt(v);
  return t === undefined ? undefined : /^-?\d+$/.test(t) ? Number(t) : t;
};

function csvToOrder(rows: CsvRecord[]): unknown {
  const h = rows[0] ?? {};
  return {
    orderNumber: opt(h.order_number),
    placedAt: opt(h.placed_at),
    channel: opt(h.channel),
    currency: opt(h.currency),
    customer: {
      email: opt(h.email),
      firstName: opt(h.first_name),
      lastName: opt(h.last_name),
      phone: opt(h.phone),
      locale: opt(h.locale),
    },
    shippingAddress: {
      name: opt(h.ship_name),
      line1: opt(h.ship_line1),
      line2: opt(h.ship_line2),
      postcode: opt(h.ship_postcode),
      city: opt(h.ship_city),
      country: opt(h.ship_country),
    },
    shippingAmount: num(h.shipping_amount),
    shippingPremiumAmount: num(h.shipping_premium_amount),
    discountAmount: num(h.order_discount_amount),
    paymentMethod: opt(h.payment_method),
    paymentProvider: opt(h.payment_provider),
    paymentReference: opt(h.payment_reference),
    lines: rows.map((r) => ({
      sku: opt(r.sku),
      title: opt(r.title),
      quantity: num(r.quantity),
      unitPriceAmount: num(r.unit_price_amount),
      discountAmount: num(r.line_discount_amount),
      taxRateBp: num(r.tax_rate_bp),
      deliveredAt: opt(r.delivered_at) ?? null,
    })),
  };
}

function validate(candidate: unknown, row: number, out: ParsedOrderFile) {
  const parsed = orderImportSchema.safeParse(candidate);
  if (parsed.success) {
    out.orders.push({ order: parsed.data, row });
    return;
  }
  const orderNumber = (candidate as { orderNumber?: unknown })?.orderNumber;
  out.rejected.push({
    row,
    orderNumber: typeof orderNumber === 'string' ? orderNumber : null,
    code: 'VALIDATION_FAILED',
    message: parsed.error.issues.map((i) => `${i.path.join('.') || '(order)'}: ${i.message}`).join('; '),
  });
}

/** Reads orders from a CSV (one row per line) or JSON (an array or `{ "orders": [...] }`) file
 * and validates each order on its own, so one bad row never stops the rest. */
export async function readOrderFile(path: string): Promise<ParsedOrderFile> {
  const text = await readFile(path, 'utf8');
  const out: ParsedOrderFile = { orders: [], rejected: [] };
  if (extname(path).toLowerCase() === '.json') {
    const json = JSON.parse(text) as unknown;
    const list = Array.isArray(json) ? json : (json as { orders?: unknown })?.orders;
    if (!Array.isArray(list)) throw new Error('A JSON order file holds an array of orders or { "orders": [...] }');
    for (const [i, candidate] of list.entries()) validate(candidate, i + 1, out);
    return out;
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as CsvRecord[];
  const missing = ['order_number', 'sku', 'quantity', 'unit_price_amount'].filter(
    (c) => records.length > 0 && !(c in (records[0] ?? {})),
  );
  if (missing.length) throw new Error(`The CSV lacks the column(s): ${missing.join(', ')}`);
  const groups = new Map<string, { row: number; rows: CsvRecord[] }>();
  records.forEach((record, i) => {
    const key = record.order_number?.trim() ?? '';
    const group = groups.get(key) ?? { row: i + 2, rows: [] }; // +2: header row and 1-based
    group.rows.push(record);
    groups.set(key, group);
  });
  for (const { row, rows } of groups.values()) validate(csvToOrder(rows), row, out);
  return out;
}
