import type { ColumnType } from 'kysely';
import type { Timestamp } from './columns.js';

/** Tables of Analytics: facts kept current from events, read by the dashboards (see docs/analytics.md). */

/** A calendar day in the shop's time zone, as 'YYYY-MM-DD'. */
export type Day = ColumnType<string, string, string>;
type Default<T> = ColumnType<T, T | undefined, T>;

/** One row per return line, with every dimension and moment a dashboard filters or groups on. */
export interface AnalyticsReturnLinesTable {
  return_line_id: string;
  return_id: string;
  return_number: string;
  order_id: string;
  order_line_id: string;
  customer_id: string;
  channel_id: string;
  /** The order's shipping country. */
  country: string;
  /** The customer's segment when the fact was last refreshed. */
  segment: string;
  currency: string;
  sku: string;
  variant_id: string | null;
  product_id: string | null;
  category_id: string | null;
  /** Where the return is routed; null until routed. */
  warehouse_id: string | null;
  ordered_at: Timestamp;
  ordered_day: Day;
  delivered_at: Timestamp | null;
  requested_at: Timestamp;
  requested_day: Day;
  /** When the EU withdrawal was declared (the 14-day refund clock's start), else null. */
  withdrawal_at: Timestamp | null;
  approved_at: Timestamp | null;
  /** The carrier's first scan of the parcel (or the store's take-back). */
  first_scan_at: Timestamp | null;
  received_at: Timestamp | null;
  inspected_at: Timestamp | null;
  /** When money (refund or credit) for the line first went out successfully. */
  refunded_at: Timestamp | null;
  /** The return's status. */
  status: string;
  acceptance: string;
  /** Counts as returned: the return is not cancelled and the line not rejected. */
  counted: boolean;
  quantity: number;
  /** What the shopper paid for these units, minor units. */
  value_amount: number;
  reason_id: string | null;
  reason_code: string | null;
  controllable: boolean | null;
  comment: string | null;
  /** The comment's words, lower-cased, stop words left out (src/domain/analytics/commentWords.ts). */
  comment_words: Default<string[]>;
  requested_resolution: string;
  granted_resolution: string | null;
  /** Refunded without sending the item back. */
  keep_item: Default<boolean>;
  grade: string | null;
  disposition: string | null;
  recovered_amount: Default<number>;
  refund_amount: Default<number>;
  credit_amount: Default<number>;
  /** Of the credit issued for this line, what the shopper has spent (first issued, first spent). */
  credit_spent_amount: Default<number>;
  /** Value of the goods sent as exchange for this line. */
  exchange_amount: Default<number>;
  /** Extra given for choosing credit or an exchange. */
  bonus_amount: Default<number>;
  /** The return's label costs, shared over its lines by value. */
  label_cost_amount: Default<number>;
  /** What was charged to the shopper (return shipping fee, deductions), shared by value. */
  fee_amount: Default<number>;
  inspection_seconds: number | null;
  /** The customer's first order placed after the request, if any. */
  repurchased_at: Timestamp | null;
  updated_at: Default<Date>;
}

/** Order lines summed per order day (shop time zone) and the dimensions dashboards filter on. */
export interface AnalyticsSalesDaysTable {
  day: Day;
  currency: string;
  sku: string;
  channel_id: string;
  country: string;
  segment: string;
  variant_id: string | null;
  product_id: string | null;
  category_id: string | null;
  units: number;
  value_amount: number;
  lines: number;
}

/** Order-line units summed per delivery day: what the forecast starts from. */
export interface AnalyticsDeliveryDaysTable {
  day: Day;
  /** '' for lines without a category. */
  category_id: Default<string>;
  channel_id: string;
  country: string;
  units: number;
  lines: number;
}

/** Per customer and currency: what they bought and what went back as money. */
export interface AnalyticsCustomersTable {
  customer_id: string;
  currency: string;
  orders: number;
  units: number;
  gross_amount: number;
  returned_amount: number;
  first_order_at: Timestamp | null;
  last_order_at: Timestamp | null;
}

/** What events marked as changed since the facts were last refreshed (see src/app/analytics/facts/staleFacts.ts). */
export interface AnalyticsStaleTable {
  /** return, order, customer, connection (a page of synced orders) or rebuild. */
  kind: string;
  key: string;
  marked_at: Default<Date>;
}

/** The dictionary of the narrow facts: each id (channel, SKU, variant, product, category, warehouse,
 * reason, return, customer) once, with the integer the narrow facts hold in its place. */
export interface AnalyticsKeysTable {
  id: ColumnType<number, never, never>;
  value: string;
}

/** analytics_sales_days narrowed (kept by triggers): ids as keys of analytics_keys. */
export interface AnalyticsSalesCellsTable {
  day: Day;
  currency: string;
  sku_key: number;
  channel_key: number;
  country: string;
  segment: string;
  variant_key: number | null;
  product_key: number | null;
  category_key: number | null;
  units: number;
  value_amount: number;
  lines: number;
}

/** The sales cells summed per month (its first day), per the cells' keys (kept by triggers). */
export type AnalyticsSalesMonthsTable = Omit<AnalyticsSalesCellsTable, 'day'> & { month: Day };

/** The counted rows of analytics_return_lines narrowed (kept by triggers): the columns the
 * dashboards read, ids as keys of analytics_keys. */
export interface AnalyticsCountedLinesTable {
  return_line_id: string;
  return_key: number;
  customer_key: number;
  currency: string;
  channel_key: number;
  country: string;
  segment: string;
  sku_key: number;
  variant_key: number | null;
  product_key: number | null;
  category_key: number | null;
  warehouse_key: number | null;
  reason_key: number | null;
  reason_code: string | null;
  controllable: boolean | null;
  ordered_day: Day;
  requested_day: Day;
  requested_at: Timestamp;
  withdrawal_at: Timestamp | null;
  refunded_at: Timestamp | null;
  repurchased_at: Timestamp | null;
  /** Each processing stage's seconds on the line, null where the stage is not timed (docs/analytics.md). */
  stage_approval: number | null;
  stage_first_scan: number | null;
  stage_receipt: number | null;
  stage_inspection: number | null;
  stage_refund: number | null;
  stage_request_to_refund: number | null;
  quantity: number;
  value_amount: number;
  requested_resolution: string;
  granted_resolution: string | null;
  keep_item: boolean;
  grade: string | null;
  disposition: string | null;
  recovered_amount: number;
  refund_amount: number;
  credit_amount: number;
  credit_spent_amount: number;
  exchange_amount: number;
  bonus_amount: number;
  label_cost_amount: number;
  fee_amount: number;
  inspection_seconds: number | null;
  /** Whether the line has a comment that is not blank. */
  commented: boolean;
  /** The comment's words (as analytics_return_lines keeps them), null when it has none. */
  comment_words: string[] | null;
}

/** analytics_customers by the customer's key of analytics_keys (kept by triggers). */
export interface AnalyticsCustomerFiguresTable {
  customer_key: number;
  currency: string;
  orders: number;
  units: number;
  gross_amount: number;
  returned_amount: number;
  first_order_at: Timestamp | null;
  last_order_at: Timestamp | null;
}
