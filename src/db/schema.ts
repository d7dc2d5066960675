import type { Insertable, Selectable } from 'kysely';
import type { AccessLogTable } from './schema/accessLog.js';
import type {
  ApiKeysTable,
  AppSecretsTable,
  ShopSettingsTable,
  StaffLoginChallengesTable,
  StaffRecoveryCodesTable,
  StaffSessionsTable,
  StaffTwoFactorTable,
  StaffUsersTable,
} from './schema/admin.js';
import type {
  AnalyticsCountedLinesTable,
  AnalyticsCustomerFiguresTable,
  AnalyticsCustomersTable,
  AnalyticsDeliveryDaysTable,
  AnalyticsKeysTable,
  AnalyticsReturnLinesTable,
  AnalyticsSalesCellsTable,
  AnalyticsSalesDaysTable,
  AnalyticsSalesMonthsTable,
  AnalyticsStaleTable,
} from './schema/analytics.js';
import type { AnalyticsReportRecipientsTable, AnalyticsReportScheduleTable } from './schema/analyticsReport.js';
import type {
  CategoriesTable,
  ChannelsTable,
  CustomersTable,
  OrderLinesTable,
  OrdersTable,
  ProductsTable,
  StockMovementsTable,
  VariantsTable,
  WarehousesTable,
} from './schema/catalog.js';
import type { ParcelClaimsTable } from './schema/claims.js';
import type {
  PlatformReturnsTable,
  ShopConnectionsTable,
  ShopSyncErrorsTable,
  ShopSyncRunsTable,
  ShopWebhooksTable,
} from './schema/connections.js';
import type { ExchangeOrderLinesTable, ExchangeOrdersTable } from './schema/exchanges.js';
import type {
  EventsTable,
  IdempotencyKeysTable,
  OutboxTable,
  ProcessEncryptionKeysTable,
  ProcessLeasesTable,
} from './schema/kernel.js';
import type {
  CarrierConnectionsTable,
  CarrierMethodsTable,
  CarrierWebhooksTable,
  RoutingRulesTable,
  ShipmentParcelsTable,
  ShipmentsTable,
  TrackingEventsTable,
} from './schema/logistics.js';
import type {
  AutomationRulesTable,
  AutomationRunsTable,
  EmailsTable,
  StaffNotificationsTable,
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
} from './schema/messaging.js';
import type {
  PaymentProvidersTable,
  SettlementsTable,
  StoreCreditAccountsTable,
  StoreCreditEntriesTable,
  StoreCreditHoldsTable,
} from './schema/money.js';
import type { PlatformRestocksTable } from './schema/platforms.js';
import type { PolicyExceptionsTable, PolicyExperimentsTable, PolicyVersionsTable } from './schema/policy.js';
import type { PrivacyErasuresTable } from './schema/privacyErasures.js';
import type { RetentionFileRemovalsTable, RetentionRunsTable } from './schema/retention.js';
import type {
  DispositionRulesTable,
  InspectionChecklistsTable,
  ReasonsTable,
  RepairsTable,
  ReturnFeedbackTable,
  ReturnLinesTable,
  ReturnNotesTable,
  ReturnPhotosTable,
  ReturnsTable,
  SavedViewsTable,
} from './schema/returns.js';
import type { PortalSightingsTable, RiskAssessmentsTable, RiskListEntriesTable, RiskSettingsTable } from './schema/risk.js';
import type { CounterReturnsTable } from './schema/stores.js';

export type * from './schema/accessLog.js';
export type * from './schema/admin.js';
export type * from './schema/analytics.js';
export type * from './schema/analyticsReport.js';
export type * from './schema/catalog.js';
export type * from './schema/claims.js';
export type { Address } from './schema/columns.js';
export type * from './schema/connections.js';
export type * from './schema/exchanges.js';
export type * from './schema/kernel.js';
export type * from './schema/logistics.js';
export type * from './schema/messaging.js';
export type * from './schema/money.js';
export type * from './schema/platforms.js';
export type * from './schema/policy.js';
export type * from './schema/privacyErasures.js';
export type * from './schema/retention.js';
export type * from './schema/returns.js';
export type * from './schema/risk.js';

/** The database as Kysely sees it: each context's tables are described in src/db/schema/. */
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
  access_log: AccessLogTable;
  privacy_erasures: PrivacyErasuresTable;
  staff_two_factor: StaffTwoFactorTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_login_challenges: StaffLoginChallengesTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  process_leases: ProcessLeasesTable;
  process_encryption_keys: ProcessEncryptionKeysTable;
  retention_file_removals: RetentionFileRemovalsTable;
  retention_runs: RetentionRunsTable;
  carrier_connections: CarrierConnectionsTable;
  carrier_methods: CarrierMethodsTable;
  routing_rules: RoutingRulesTable;
  shipments: ShipmentsTable;
  shipment_parcels: ShipmentParcelsTable;
  tracking_events: TrackingEventsTable;
  parcel_claims: ParcelClaimsTable;
  carrier_webhooks: CarrierWebhooksTable;
  shop_connections: ShopConnectionsTable;
  shop_sync_runs: ShopSyncRunsTable;
  shop_sync_errors: ShopSyncErrorsTable;
  shop_webhooks: ShopWebhooksTable;
  platform_returns: PlatformReturnsTable;
  counter_returns: CounterReturnsTable;
  platform_restocks: PlatformRestocksTable;
  analytics_return_lines: AnalyticsReturnLinesTable;
  analytics_sales_days: AnalyticsSalesDaysTable;
  analytics_delivery_days: AnalyticsDeliveryDaysTable;
  analytics_customers: AnalyticsCustomersTable;
  analytics_stale: AnalyticsStaleTable;
  analytics_keys: AnalyticsKeysTable;
  analytics_sales_cells: AnalyticsSalesCellsTable;
  analytics_sales_months: AnalyticsSalesMonthsTable;
  analytics_counted_lines: AnalyticsCountedLinesTable;
  analytics_customer_figures: AnalyticsCustomerFiguresTable;
  analytics_report_schedule: AnalyticsReportScheduleTable;
  analytics_report_recipients: AnalyticsReportRecipientsTable;
  risk_settings: RiskSettingsTable;
  risk_list_entries: RiskListEntriesTable;
  risk_assessments: RiskAssessmentsTable;
  portal_sightings: PortalSightingsTable;
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
