import type { ShopConnectionSettings, SyncResource } from '../../../db/schema/connections.js';
import { SHOP_PLATFORM_FIELDS, type ShopSecretField } from '../../../domain/shopConnectionFields.js';
import type { ShopPlatform, SyncKind, SyncStatus } from '../../../domain/shopPlatforms.js';
import type { ShopCredentials } from './port.js';

/** A connection's row as the settings read it (never its sealed credentials' contents). */
export interface ShopConnectionRow {
  id: string;
  platform: ShopPlatform;
  name: string;
  channel_id: string;
  enabled: boolean;
  key_hint: string;
  webhook_token: string;
  settings: ShopConnectionSettings;
  checked_at: Date | null;
  check_ok: boolean | null;
  check_message: string | null;
  synced_until: Date | null;
  last_sync_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  orders_received: number | string;
  webhooks_received: number | string;
  webhooks_rejected: number | string;
  created_at: Date;
  updated_at: Date;
}

/** A sync run as the settings show it: what it reads, how far it got. */
export interface SyncRunRow {
  id: string;
  kind: SyncKind;
  resource: SyncResource;
  status: SyncStatus;
  processed: number;
  total: number | null;
  errors: number;
  last_error: string | null;
  started_by: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** What the view adds to a row from around it. */
export interface ShopConnectionExtras {
  channel: { id: string; code: string; name: string } | null;
  /** Errors recorded in the last day. */
  recentErrors: number;
  /** The newest run (running or done). */
  latestRun: SyncRunRow | null;
  /** This installation's public address, or null when the caller may not see the webhook URL. */
  webhookBase: string | null;
}

/** Where the platform posts webhooks for this connection: the token names the connection. */
export function shopWebhookUrl(webhookBase: string, token: string): string {
  return `${webhookBase}/api/v1/shop-webhooks/${token}`;
}

export function presentSyncRun(run: SyncRunRow) {
  return {
    id: run.id,
    kind: run.kind,
    resource: run.resource,
    status: run.status,
    processed: run.processed,
    total: run.total,
    errors: run.errors,
    lastError: run.last_error,
    startedBy: run.started_by,
    startedAt: run.started_at,
    updatedAt: run.updated_at,
    finishedAt: run.finished_at,
  };
}

/** What the settings show of a connection: where the shop is, which secrets are stored (not their
 * values), the last check, the webhook URL to paste in the platform, and how the sync goes. */
export function presentShopConnection(row: ShopConnectionRow, credentials: ShopCredentials | null, extras: ShopConnectionExtras) {
  const stored = (field: ShopSecretField) => Boolean(credentials?.[field]);
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    enabled: row.enabled,
    channel: extras.channel ?? { id: row.channel_id, code: '', name: '' },
    shop: credentials?.shop ?? null,
    keyHint: `…${row.key_hint}`,
    fields: SHOP_PLATFORM_FIELDS[row.platform].secrets.map((field) => ({ field, stored: stored(field) })),
    // False when the credentials were sealed with another key: they must be entered again.
    readable: credentials !== null,
    apiVersion: credentials?.apiVersion ?? null,
    baseUrl: credentials?.baseUrl ?? null,
    settings: row.settings,
    check: row.checked_at ? { at: row.checked_at, ok: row.check_ok === true, message: row.check_message } : null,
    webhookUrl: extras.webhookBase === null ? null : shopWebhookUrl(extras.webhookBase, row.webhook_token),
    status: {
      lastSyncAt: row.last_sync_at,
      syncedUntil: row.synced_until,
      ordersReceived: Number(row.orders_received),
      webhooksReceived: Number(row.webhooks_received),
      webhooksRejected: Number(row.webhooks_rejected),
      lastError: row.last_error && row.last_error_at ? { message: row.last_error, at: row.last_error_at } : null,
      recentErrors: extras.recentErrors,
      latestRun: extras.latestRun ? presentSyncRun(extras.latestRun) : null,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type PresentedShopConnection = ReturnType<typeof presentShopConnection>;
