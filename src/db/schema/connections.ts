import type { ShopPlatform, SyncKind, SyncStatus } from '../../domain/shopPlatforms.js';
import type { Json, JsonDefault, Timestamp, WithDefault } from './columns.js';

/** Tables of the shop platforms and marketplaces connected: connections, their sync runs and
 * errors, the webhooks they sent, and the returns that live on a platform too. */

/** What a shop chose for one connection (all optional; the sync's defaults otherwise). */
export interface ShopConnectionSettings {
  /** Refund orders paid on the platform through the platform (Shopify, WooCommerce). */
  refundThroughPlatform?: boolean;
  /** Register returns made in Retour on the platform (Shopify Returns API, ChannelEngine). */
  pushReturns?: boolean;
  /** Add restocked units to the platform's inventory (Shopify). */
  pushRestocks?: boolean;
  /** The platform's location restocked units go to, per Retour warehouse id. */
  locations?: Record<string, string>;
  /** The marketplace's return reason → the shop's reason code (ChannelEngine). */
  reasonMap?: Record<string, string>;
  /** Days a marketplace gives its buyers to return, where longer than the shop's own policy. */
  marketplaceReturnDays?: number;
  /** ChannelEngine: Retour acknowledges new orders itself (no other system takes them from ChannelEngine). */
  acknowledgeOrders?: boolean;
  /** Import products from the platform (it then owns them). */
  importProducts?: boolean;
}

export interface ShopConnectionsTable {
  id: string;
  platform: ShopPlatform;
  name: string;
  channel_id: string;
  enabled: WithDefault<boolean>;
  /** Sealed ShopCredentials (src/app/catalog/connections/port.ts). */
  credentials: string;
  key_hint: string;
  webhook_token: string;
  settings: JsonDefault<ShopConnectionSettings>;
  checked_at: Timestamp | null;
  check_ok: boolean | null;
  check_message: string | null;
  synced_until: Timestamp | null;
  last_sync_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  orders_received: WithDefault<number>;
  webhooks_received: WithDefault<number>;
  webhooks_rejected: WithDefault<number>;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type SyncResource = 'orders' | 'products' | 'returns';

export interface ShopSyncRunsTable {
  id: string;
  connection_id: string;
  kind: SyncKind;
  resource: SyncResource;
  status: SyncStatus;
  cursor: string | null;
  updated_since: Timestamp | null;
  processed: WithDefault<number>;
  total: number | null;
  errors: WithDefault<number>;
  last_error: string | null;
  started_by: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ShopSyncErrorsTable {
  id: string;
  connection_id: string;
  run_id: string | null;
  subject: string;
  external_id: string | null;
  code: string;
  message: string;
  created_at: Timestamp;
}

export interface ShopWebhooksTable {
  id: string;
  connection_id: string;
  delivery_id: string;
  topic: string;
  resource: string;
  external_id: string | null;
  /** The event as the adapter read it (ShopWebhookEvent of src/app/catalog/connections/port.ts). */
  event: Json<Record<string, unknown>>;
  received_at: Timestamp;
  applied_at: Timestamp | null;
  attempts: WithDefault<number>;
  error: string | null;
  /** The job applying it holds it until then; one that failed is tried again after it. */
  claimed_until: Timestamp | null;
}

export interface PlatformReturnsTable {
  id: string;
  return_id: string;
  connection_id: string;
  external_id: string | null;
  external_status: string | null;
  origin: 'retour' | 'platform';
  reported: JsonDefault<Record<string, unknown>>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
