import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable } from 'kysely';
import type { AutomationAction, AutomationConditions } from '../domain/automation.js';
import type { RiskSignal } from '../domain/risk.js';

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, T | string, T | string>;
type WithDefault<T> = ColumnType<T, T | undefined, T>;

export interface Address {
  name?: string;
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
  country: string;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: TimestampDefault;
}

export interface ShopSettingsTable {
  id: string;
  name: string;
  currency: WithDefault<string>;
  timezone: WithDefault<string>;
  default_locale: WithDefault<string>;
  locales: Json<string[]>;
  ship_by_days: WithDefault<number>;
  store_credit_validity_days: ColumnType<number | null, number | null | undefined, number | null>;
  finance_accounts: ColumnType<Record<string, string>, string | undefined, string>;
  /** Where the surplus of an exchange for something cheaper goes: refund or store_credit. */
  exchange_surplus: WithDefault<string>;
  /** An instant exchange whose old item is not back in time: charge or review. */
  instant_exchange_unreturned: WithDefault<string>;
  active_policy_version_id: string | null;
  return_address: Json<Address | null>;
  logo_url: string | null;
  /** The brand's main colour as #rrggbb; the portal picks readable text colours for it. */
  brand_color: string | null;
  support_email: string | null;
  updated_at: TimestampDefault;
}

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
}

export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
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

export interface ReturnPhotosTable {
  id: string;
  order_id: string;
  customer_id: string;
  return_line_id: string | null;
  uploaded_by: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
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
  external_id: string | null;
  created_at: TimestampDefault;
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
}

export interface ReasonsTable {
  id: string;
  parent_id: string | null;
  code: string;
  labels: Json<Record<string, string>>;
  controllable: WithDefault<boolean>;
  requires_photo: WithDefault<boolean>;
  defect: WithDefault<boolean>;
  active: WithDefault<boolean>;
  position: WithDefault<number>;
}

export interface ReturnsTable {
  id: string;
  number: string;
  order_id: string;
  customer_id: string;
  status: string;
  on_hold: WithDefault<boolean>;
  hold_reasons: Json<string[]>;
  source: string;
  method: string | null;
  currency: string;
  policy_version: string | null;
  policy_arm: 'control' | 'variant' | null;
  experiment_id: string | null;
  /** When the shopper declared withdrawal from the contract (EU right of withdrawal), if this return is one. */
  withdrawal_declared_at: Timestamp | null;
  tracking_number: string | null;
  ship_by: Timestamp | null;
  pickup_slot_start: Timestamp | null;
  pickup_slot_end: Timestamp | null;
  /** The store the shopper brings the return to, for in-store returns. */
  store_id: string | null;
  status_reason: string | null;
  /** What the returned units were paid, in minor units: sorts and filters the queue. */
  value_amount: WithDefault<number>;
  /** The return-shipping fee the policy charged at request time; deducted once from the refund. */
  return_shipping_fee: WithDefault<number>;
  /** 0–100 from the signals in risk_signals (see src/domain/risk.ts). */
  risk_score: WithDefault<number>;
  risk_signals: ColumnType<RiskSignal[], string | undefined, string>;
  /** Set by automation rules (and shown in the queue). */
  tags: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EligibilityNote {
  code: string;
  eligible: boolean;
}

export interface ReturnLinesTable {
  id: string;
  return_id: string;
  order_line_id: string;
  quantity: number;
  reason_id: string | null;
  comment: string | null;
  requested_resolution: string;
  granted_resolution: string | null;
  acceptance: string;
  acceptance_reason: string | null;
  reception: string;
  quantity_received: WithDefault<number>;
  grade: string | null;
  disposition: string | null;
  settlement: WithDefault<string>;
  settled_amount: WithDefault<number>;
  eligibility: Json<string[]>;
  /** The policy's full verdict on the line when it was requested (see src/domain/policy). */
  verdict: Json<Record<string, unknown> | null>;
  /** For exchanges: the variant the shopper gets instead, and its unit price when asked. */
  exchange_variant_id: string | null;
  exchange_unit_price: number | null;
  /** Inspection checklist answers by item code. */
  checklist: Json<Record<string, boolean> | null>;
  /** What the chosen disposition is expected to bring back, in minor units. */
  recovered_value: number | null;
}

export interface ReturnNotesTable {
  id: string;
  return_id: string;
  /** internal: staff only; shopper: a message to the shopper. */
  kind: 'internal' | 'shopper';
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Timestamp;
}

export interface SavedViewsTable {
  id: string;
  owner_id: string;
  name: string;
  filters: Json<Record<string, unknown>>;
  shared: WithDefault<boolean>;
  created_at: Timestamp;
}

export interface ChecklistItem {
  code: string;
  labels: Record<string, string>;
}

export interface InspectionChecklistsTable {
  id: string;
  category_id: string | null;
  items: Json<ChecklistItem[]>;
  updated_at: Timestamp;
}

export interface DispositionRulesTable {
  id: string;
  grade: string;
  category_id: string | null;
  disposition: string;
  recovery_bp: number;
  updated_at: Timestamp;
}

export interface ReturnFeedbackTable {
  return_id: string;
  customer_id: string;
  rating: number;
  comment: string | null;
  created_at: Timestamp;
}

export interface PolicyVersionsTable {
  id: string;
  number: number;
  name: string;
  status: 'draft' | 'published';
  document: Json<Record<string, unknown>>;
  based_on: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: string | null;
  published_at: Timestamp | null;
}

export interface PolicyExperimentsTable {
  id: string;
  name: string;
  control_version_id: string;
  variant_version_id: string;
  variant_share_bp: number;
  status: 'running' | 'stopped';
  started_by: string | null;
  started_at: Timestamp;
  stopped_by: string | null;
  stopped_at: Timestamp | null;
}

export interface PolicyExceptionsTable {
  id: string;
  customer_id: string | null;
  order_id: string | null;
  return_id: string | null;
  effects: Json<Record<string, unknown>>;
  allow_return: WithDefault<boolean>;
  reason: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
}

export interface SettlementLine {
  returnLineId: string;
  amount: number;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  event_types: Json<string[]>;
  secret: string;
  secret_hint: string;
  enabled: WithDefault<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  last_success_at: Timestamp | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  payload: Json<Record<string, unknown>>;
  status: string;
  attempts: WithDefault<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** What to make it from when sending (the return's label), not the bytes. */
  source: 'return_label';
}

export interface EmailsTable {
  id: string;
  dedupe_key: string;
  kind: string;
  return_id: string | null;
  event_id: string | null;
  recipient: string | null;
  locale: string | null;
  subject: string | null;
  html: string | null;
  text_body: string | null;
  attachments: ColumnType<EmailAttachment[], string | undefined, string>;
  status: string;
  transport: string | null;
  message_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  notification_id: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** A repair granted under the legal guarantee, one per return line. */
export interface RepairsTable {
  id: string;
  return_id: string;
  return_line_id: string;
  number: string;
  status: string;
  note: string | null;
  /** What the shopper got when it could not be repaired: replacement or refund. */
  fallback: string | null;
  tracking_number: string | null;
  carrier: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
}

export interface ExchangeOrdersTable {
  id: string;
  return_id: string;
  number: string;
  status: string;
  instant: WithDefault<boolean>;
  currency: string;
  price_difference: number;
  payment_provider: string | null;
  payment_link_id: string | null;
  payment_link_url: string | null;
  payment_link_expires_at: Timestamp | null;
  payment_status: WithDefault<string>;
  payment_reference: string | null;
  payment_error: string | null;
  paid_at: Timestamp | null;
  /** How the difference came in: the provider of the link, or 'manual' (staff confirmed it). */
  payment_via: string | null;
  /** The settlement paying a difference back when the paid-for exchange did not ship. */
  difference_refund_settlement_id: string | null;
  surplus_settlement_id: string | null;
  return_by: Timestamp | null;
  overdue_action: string | null;
  charge_link_id: string | null;
  charge_link_url: string | null;
  charge_amount: number | null;
  charge_status: string | null;
  charged_at: Timestamp | null;
  tracking_number: string | null;
  carrier: string | null;
  cancel_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  ready_at: Timestamp | null;
  shipped_at: Timestamp | null;
  cancelled_at: Timestamp | null;
}

export interface ExchangeOrderLinesTable {
  id: string;
  exchange_order_id: string;
  return_line_id: string;
  variant_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  returned_value: number;
  /** The policy's exchange bonus this line put towards the new item. */
  bonus: Generated<number>;
  difference: number;
}

export interface SettlementsTable {
  id: string;
  return_id: string;
  kind: string;
  provider: string;
  status: string;
  amount: number;
  currency: string;
  reference: string | null;
  lines: Json<SettlementLine[]>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  idempotency_key: string | null;
  payment_reference: string | null;
  provider_refund_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  breakdown: Json<Record<string, unknown> | null>;
  /** What started it: staff, or the policy's moment (approval, first_scan, receipt, inspection). */
  trigger: WithDefault<string>;
  updated_at: Timestamp | null;
  succeeded_at: Timestamp | null;
}

export interface PaymentProvidersTable {
  provider: 'mollie' | 'stripe' | 'sandbox';
  enabled: WithDefault<boolean>;
  credentials: string;
  /** The last characters of the API key, to tell keys apart without showing them. */
  key_hint: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface StoreCreditAccountsTable {
  id: string;
  customer_id: string;
  currency: string;
  code: string;
  created_at: Timestamp;
}

export type StoreCreditKind = 'issue' | 'bonus' | 'redeem' | 'expire' | 'adjust' | 'reverse';

export interface StoreCreditEntriesTable {
  id: string;
  account_id: string;
  kind: StoreCreditKind;
  amount: number;
  expires_at: Timestamp | null;
  return_id: string | null;
  settlement_id: string | null;
  hold_id: string | null;
  reverses_id: string | null;
  reference: string | null;
  note: string | null;
  actor_type: string;
  actor_id: string | null;
  created_at: Timestamp;
}

export interface StoreCreditHoldsTable {
  id: string;
  account_id: string;
  amount: number;
  status: 'held' | 'captured' | 'released';
  reference: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface EventsTable {
  id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  return_id: string | null;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  event_id: string;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  published_at: Timestamp | null;
  attempts: WithDefault<number>;
}

export interface StaffUsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  active: WithDefault<boolean>;
  created_at: TimestampDefault;
  last_login_at: Timestamp | null;
  notify_by_email: WithDefault<boolean>;
  notifications_seen_at: Timestamp | null;
}

export interface AutomationRulesTable {
  id: string;
  position: number;
  name: string;
  enabled: WithDefault<boolean>;
  trigger: string;
  conditions: ColumnType<AutomationConditions, string, string>;
  actions: ColumnType<AutomationAction[], string, string>;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

export interface AutomationRunsTable {
  event_id: string;
  rule_id: string;
  status: string;
  outcome: ColumnType<{ action: string; result: string }[], string | undefined, string>;
  created_at: Timestamp;
}

export interface StaffNotificationsTable {
  id: string;
  kind: string;
  dedupe_key: string;
  return_id: string | null;
  subject_type: string;
  subject_id: string;
  facts: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
}

export interface StaffSessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  role: string;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface IdempotencyKeysTable {
  principal: string;
  key: string;
  request_hash: string;
  status: string;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null, string | null>;
  locked_until: Timestamp;
  created_at: Timestamp;
  /** The lease of the process running the request while it is in progress (null on older claims). */
  owner_lease: string | null;
  /** Set anew by each claim, so only the request holding the claim stores its response. */
  claim_token: string | null;
}

/** A running process's sign of life, renewed every few seconds (see src/app/processLease.ts). */
export interface ProcessLeasesTable {
  id: string;
  holder: string;
  expires_at: Timestamp;
  started_at: WithDefault<Timestamp>;
}

export interface Database {
  app_secrets: AppSecretsTable;
  shop_settings: ShopSettingsTable;
  channels: ChannelsTable;
  customers: CustomersTable;
  categories: CategoriesTable;
  products: ProductsTable;
  variants: VariantsTable;
  warehouses: WarehousesTable;
  stock_movements: StockMovementsTable;
  return_photos: ReturnPhotosTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  reasons: ReasonsTable;
  returns: ReturnsTable;
  return_lines: ReturnLinesTable;
  return_notes: ReturnNotesTable;
  saved_views: SavedViewsTable;
  inspection_checklists: InspectionChecklistsTable;
  disposition_rules: DispositionRulesTable;
  policy_versions: PolicyVersionsTable;
  return_feedback: ReturnFeedbackTable;
  policy_experiments: PolicyExperimentsTable;
  policy_exceptions: PolicyExceptionsTable;
  settlements: SettlementsTable;
  exchange_orders: ExchangeOrdersTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  emails: EmailsTable;
  staff_notifications: StaffNotificationsTable;
  automation_rules: AutomationRulesTable;
  automation_runs: AutomationRunsTable;
  exchange_order_lines: ExchangeOrderLinesTable;
  repairs: RepairsTable;
  payment_providers: PaymentProvidersTable;
  store_credit_accounts: StoreCreditAccountsTable;
  store_credit_entries: StoreCreditEntriesTable;
  store_credit_holds: StoreCreditHoldsTable;
  events: EventsTable;
  outbox: OutboxTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  process_leases: ProcessLeasesTable;
}

export type ReturnRow = Selectable<ReturnsTable>;
export type ReturnLineRow = Selectable<ReturnLinesTable>;
export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;
export type NewOrder = Insertable<OrdersTable>;
export type NewOrderLine = Insertable<OrderLinesTable>;
export type ExchangeOrderRow = Selectable<ExchangeOrdersTable>;
export type RepairRow = Selectable<RepairsTable>;
export type ExchangeOrderLineRow = Selectable<ExchangeOrderLinesTable>;
