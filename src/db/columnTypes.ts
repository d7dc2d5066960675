import type { Insertable } from 'kysely';
import type { Database } from './schema.js';
import type { PgType, UnnestColumns } from './unnestRows.js';

/** Every insertable column of a table with its type: the compiler checks none is missing. */
export type ColumnTypes<T extends keyof Database> = { [K in keyof Insertable<Database[T]> & string]-?: PgType };

/** Every column of `customers` with its type, from which each bulk write of customers picks its own. */
export const CUSTOMER_COLUMN_TYPES: ColumnTypes<'customers'> = {
  id: 'text',
  email: 'text',
  first_name: 'text',
  last_name: 'text',
  phone: 'text',
  country: 'text',
  postcode: 'text',
  locale: 'text',
  segment: 'text',
  tags: 'jsonb',
  created_at: 'timestamptz',
  risk_score: 'int4',
  risk_signals: 'jsonb',
  risk_assessed_at: 'timestamptz',
  erased_at: 'timestamptz',
};

/** Every column of `orders` with its type, from which each bulk write of orders picks its own. */
export const ORDER_COLUMN_TYPES: ColumnTypes<'orders'> = {
  id: 'text',
  order_number: 'text',
  channel_id: 'text',
  customer_id: 'text',
  email: 'text',
  currency: 'text',
  placed_at: 'timestamptz',
  shipping_country: 'text',
  shipping_postcode: 'text',
  shipping_address: 'jsonb',
  subtotal_amount: 'int8',
  discount_amount: 'int8',
  shipping_amount: 'int8',
  shipping_premium_amount: 'int8',
  tax_amount: 'int8',
  total_amount: 'int8',
  payment_method: 'text',
  payment_provider: 'text',
  payment_reference: 'text',
  payment_fingerprint: 'text',
  external_id: 'text',
  created_at: 'timestamptz',
  connection_id: 'text',
  source_updated_at: 'timestamptz',
  cancelled_at: 'timestamptz',
  marketplace: 'text',
  discount_codes: 'jsonb',
  shipping_lines: 'jsonb',
};

/** Every column of `order_lines` with its type, from which each bulk write of lines picks its own. */
export const ORDER_LINE_COLUMN_TYPES: ColumnTypes<'order_lines'> = {
  id: 'text',
  order_id: 'text',
  line_number: 'int4',
  variant_id: 'text',
  sku: 'text',
  title: 'text',
  quantity: 'int4',
  unit_price_amount: 'int8',
  discount_amount: 'int8',
  tax_amount: 'int8',
  tax_rate_bp: 'int4',
  paid_amount: 'int8',
  delivered_at: 'timestamptz',
  external_id: 'text',
  external_ref: 'jsonb',
  refunded_quantity: 'int4',
  refunded_amount: 'int8',
};

/** The column names of `R` that `names` leaves out, or those it names that `R` lacks. */
type Mismatch<R, K extends string> = Exclude<keyof R & string, K> | Exclude<K, keyof R & string>;

/** The types of the columns of rows `R`, picked by name from a table's full map (in the order
 * named): a column of `R` left out, or one named that `R` lacks, does not compile. */
export function pickColumns<R extends object>() {
  return <C extends { readonly [name: string]: PgType }, const K extends keyof C & string>(
    types: C,
    names: readonly K[] & ([Mismatch<R, K>] extends [never] ? unknown : { mismatch: Mismatch<R, K> }),
  ): UnnestColumns<R> => {
    const picked: Record<string, PgType> = {};
    for (const name of names) picked[name] = types[name] as PgType;
    return picked as UnnestColumns<R>;
  };
}
