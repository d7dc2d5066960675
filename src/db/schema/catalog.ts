import type { ColumnType } from 'kysely';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { Address, Json, JsonDefault, Timestamp, TimestampDefault, WithDefault } from './columns.js';

/** Tables of What the shop sells and sold: channels, customers, products and variants, warehouses and the stock ledger, orders. */

export interface ChannelsTable {
  id: string;
  code: string;
  name: string;
  kind: string;
  created_at: TimestampDefault;
}

export interface CustomersTable {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  country: string | null;
  postcode: string | null;
  locale: string | null;
  segment: WithDefault<string>;
  tags: Json<string[]>;
  created_at: TimestampDefault;
  /** The latest score of any of their returns (docs/fraud.md): linked accounts and the export read it. */
  risk_score: WithDefault<number>;
  risk_signals: ColumnType<RiskSignal[], string | undefined, string>;
  risk_assessed_at: Timestamp | null;
  /** When the person's personal data was erased (GDPR Art. 17): the row stays, detached. */
  erased_at?: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  /** The shop connection that brought it in: read-only in Retour, renamed by sync. */
  connection_id: string | null;
  /** Its code on the platform (its own `code` differs when the shop had that code already). */
  external_id: string | null;
}

export interface ProductsTable {
  id: string;
  handle: string;
  title: string;
  brand: string | null;
  category_id: string | null;
  tags: Json<string[]>;
  final_sale: WithDefault<boolean>;
  exchange_only: WithDefault<boolean>;
  personalised: WithDefault<boolean>;
  hygiene_sealed: WithDefault<boolean>;
  perishable: WithDefault<boolean>;
  sealed_media: WithDefault<boolean>;
  created_at: TimestampDefault;
  /** The shop connection that owns it: read-only in Retour, edited on the platform. */
  connection_id: string | null;
  external_id: string | null;
  /** Where staff edit it on the platform. */
  source_url: string | null;
  /** Option names in the shop's order (Size before Colour). */
  options: JsonDefault<string[]>;
  /** In the shop's order; the first is the product's picture. */
  images: JsonDefault<ProductImage[]>;
  description: string | null;
  updated_at: Timestamp | null;
}

export interface ProductImage {
  url: string;
  alt: string | null;
}

export interface VariantsTable {
  id: string;
  product_id: string;
  sku: string;
  ean: string | null;
  title: string;
  options: Json<Record<string, string>>;
  price_amount: number;
  currency: string;
  /** The variant's place among its product's variants, as the shop orders them (XS before S). */
  position: WithDefault<number>;
  external_id: string | null;
  /** What the platform needs to refer to the variant (Shopify's inventory item …). */
  external_ref: Json<Record<string, string | number | null>> | null;
  image_url: string | null;
}

export interface WarehousesTable {
  id: string;
  code: string;
  name: string;
  address: Json<Address>;
  is_default: WithDefault<boolean>;
  kind: WithDefault<'warehouse' | 'store'>;
  opening_hours: string | null;
  created_at: TimestampDefault;
}

export type StockCondition = 'new' | 'open_box' | 'refurbished';

export interface StockMovementsTable {
  id: string;
  variant_id: string;
  warehouse_id: string;
  condition: StockCondition;
  /** Signed: receipts and restocks add, shipments and write-offs take away. */
  quantity: number;
  kind: string;
  return_line_id: string | null;
  note: string | null;
  actor: string | null;
  created_at: Timestamp;
}

export interface OrdersTable {
  id: string;
  order_number: string;
  channel_id: string;
  customer_id: string;
  email: string;
  currency: string;
  placed_at: Timestamp;
  shipping_country: string;
  shipping_postcode: string;
  shipping_address: Json<Address>;
  subtotal_amount: number;
  discount_amount: WithDefault<number>;
  shipping_amount: WithDefault<number>;
  shipping_premium_amount: WithDefault<number>;
  tax_amount: WithDefault<number>;
  total_amount: number;
  payment_method: string | null;
  /** The provider that took the payment (mollie, stripe) and its id for it (tr_…, pi_…): refunds go back the same way. */
  payment_provider: string | null;
  payment_reference: string | null;
  /** The payment provider's fingerprint of the card or account paid with: links accounts. */
  payment_fingerprint?: string | null;
  external_id: string | null;
  created_at: TimestampDefault;
  /** The shop connection the order came through; null for imports and the API. */
  connection_id: string | null;
  /** When the platform last changed it: an older copy never overwrites a newer one. */
  source_updated_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  /** The marketplace it was sold on (bol.com, Amazon …), for orders through ChannelEngine. */
  marketplace: string | null;
  discount_codes: JsonDefault<string[]>;
  shipping_lines: JsonDefault<{ title: string; amount: number }[]>;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  line_number: number;
  variant_id: string | null;
  sku: string;
  title: string;
  quantity: number;
  unit_price_amount: number;
  discount_amount: WithDefault<number>;
  tax_amount: WithDefault<number>;
  tax_rate_bp: WithDefault<number>;
  paid_amount: number;
  delivered_at: Timestamp | null;
  external_id: string | null;
  /** What the platform needs to refer to the line (ShopOrderLine.ref). */
  external_ref: Json<Record<string, string | number | null>> | null;
  /** Units and money the shop platform refunded of the line outside Retour (its admin). */
  refunded_quantity: WithDefault<number>;
  refunded_amount: WithDefault<number>;
}
