import { type ColumnTypes, CUSTOMER_COLUMN_TYPES, ORDER_COLUMN_TYPES, ORDER_LINE_COLUMN_TYPES } from '../db/columnTypes.js';

// Column types of the tables the demo fills in bulk. `ColumnTypes` makes the compiler list every
// insertable column, so a column added to the schema cannot be forgotten here.

export const REASON_COLUMNS: ColumnTypes<'reasons'> = {
  id: 'text',
  parent_id: 'text',
  code: 'text',
  labels: 'jsonb',
  controllable: 'bool',
  requires_photo: 'bool',
  defect: 'bool',
  active: 'bool',
  position: 'int4',
};

export const CATEGORY_COLUMNS: ColumnTypes<'categories'> = {
  id: 'text',
  parent_id: 'text',
  code: 'text',
  name: 'text',
  connection_id: 'text',
  external_id: 'text',
};

export const CUSTOMER_COLUMNS: ColumnTypes<'customers'> = CUSTOMER_COLUMN_TYPES;

export const PRODUCT_COLUMNS: ColumnTypes<'products'> = {
  id: 'text',
  handle: 'text',
  title: 'text',
  brand: 'text',
  category_id: 'text',
  tags: 'jsonb',
  final_sale: 'bool',
  exchange_only: 'bool',
  personalised: 'bool',
  hygiene_sealed: 'bool',
  perishable: 'bool',
  sealed_media: 'bool',
  created_at: 'timestamptz',
  connection_id: 'text',
  external_id: 'text',
  source_url: 'text',
  options: 'jsonb',
  images: 'jsonb',
  description: 'text',
  updated_at: 'timestamptz',
};

export const VARIANT_COLUMNS: ColumnTypes<'variants'> = {
  id: 'text',
  product_id: 'text',
  sku: 'text',
  ean: 'text',
  title: 'text',
  options: 'jsonb',
  price_amount: 'int8',
  currency: 'text',
  position: 'int4',
  external_id: 'text',
  external_ref: 'jsonb',
  image_url: 'text',
};

export const STOCK_MOVEMENT_COLUMNS: ColumnTypes<'stock_movements'> = {
  id: 'text',
  variant_id: 'text',
  warehouse_id: 'text',
  condition: 'text',
  quantity: 'int4',
  kind: 'text',
  return_line_id: 'text',
  note: 'text',
  actor: 'text',
  created_at: 'timestamptz',
};

export const ORDER_COLUMNS: ColumnTypes<'orders'> = ORDER_COLUMN_TYPES;

export const ORDER_LINE_COLUMNS: ColumnTypes<'order_lines'> = ORDER_LINE_COLUMN_TYPES;

export const RETURN_COLUMNS: ColumnTypes<'returns'> = {
  id: 'text',
  number: 'text',
  order_id: 'text',
  customer_id: 'text',
  status: 'text',
  on_hold: 'bool',
  hold_reasons: 'jsonb',
  source: 'text',
  method: 'text',
  currency: 'text',
  policy_version: 'text',
  policy_arm: 'text',
  experiment_id: 'text',
  withdrawal_declared_at: 'timestamptz',
  tracking_number: 'text',
  ship_by: 'timestamptz',
  pickup_slot_start: 'timestamptz',
  pickup_slot_end: 'timestamptz',
  store_id: 'text',
  status_reason: 'text',
  value_amount: 'int8',
  return_shipping_fee: 'int8',
  risk_score: 'int4',
  risk_signals: 'jsonb',
  refund_after_receipt: 'bool',
  tags: 'jsonb',
  service_point: 'jsonb',
  routing: 'jsonb',
  destination_warehouse_id: 'text',
  parcel_count: 'int4',
  carrier_delivered_at: 'timestamptz',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  photos_removed_at: 'timestamptz',
  personal_data_removed_at: 'timestamptz',
};

export const RETURN_LINE_COLUMNS: ColumnTypes<'return_lines'> = {
  id: 'text',
  return_id: 'text',
  order_line_id: 'text',
  quantity: 'int4',
  reason_id: 'text',
  comment: 'text',
  requested_resolution: 'text',
  granted_resolution: 'text',
  acceptance: 'text',
  acceptance_reason: 'text',
  reception: 'text',
  quantity_received: 'int4',
  grade: 'text',
  disposition: 'text',
  settlement: 'text',
  settled_amount: 'int8',
  eligibility: 'jsonb',
  verdict: 'jsonb',
  exchange_variant_id: 'text',
  exchange_unit_price: 'int8',
  checklist: 'jsonb',
  recovered_value: 'int8',
};

export const SETTLEMENT_COLUMNS: ColumnTypes<'settlements'> = {
  id: 'text',
  return_id: 'text',
  kind: 'text',
  provider: 'text',
  status: 'text',
  amount: 'int8',
  currency: 'text',
  reference: 'text',
  lines: 'jsonb',
  note: 'text',
  created_by: 'text',
  created_at: 'timestamptz',
  idempotency_key: 'text',
  payment_reference: 'text',
  provider_refund_id: 'text',
  attempts: 'int4',
  last_error: 'text',
  breakdown: 'jsonb',
  trigger: 'text',
  updated_at: 'timestamptz',
  succeeded_at: 'timestamptz',
  provider_claim: 'text',
  provider_claimed_until: 'timestamptz',
};

export const EVENT_COLUMNS: ColumnTypes<'events'> = {
  id: 'text',
  type: 'text',
  subject_type: 'text',
  subject_id: 'text',
  return_id: 'text',
  actor_type: 'text',
  actor_id: 'text',
  reason: 'text',
  data: 'jsonb',
  occurred_at: 'timestamptz',
};

export type HistoryTable =
  | 'customers'
  | 'products'
  | 'variants'
  | 'stock_movements'
  | 'orders'
  | 'order_lines'
  | 'returns'
  | 'return_lines'
  | 'settlements'
  | 'events';

/** The tables the demo's history fills, with their columns, parents before the rows that refer
 * to them. */
export const HISTORY_COLUMNS: { readonly [T in HistoryTable]: ColumnTypes<T> } = {
  customers: CUSTOMER_COLUMNS,
  products: PRODUCT_COLUMNS,
  variants: VARIANT_COLUMNS,
  stock_movements: STOCK_MOVEMENT_COLUMNS,
  orders: ORDER_COLUMNS,
  order_lines: ORDER_LINE_COLUMNS,
  returns: RETURN_COLUMNS,
  return_lines: RETURN_LINE_COLUMNS,
  settlements: SETTLEMENT_COLUMNS,
  events: EVENT_COLUMNS,
};

export const HISTORY_TABLES = Object.keys(HISTORY_COLUMNS) as HistoryTable[];
