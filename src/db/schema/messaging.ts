import type { ColumnType } from 'kysely';
import type { AutomationAction, AutomationConditions } from '../../domain/automation.js';
import type { EmailStatus } from '../../domain/email/emailStatus.js';
import type { WebhookDeliveryStatus } from '../../domain/webhookDelivery.js';
import type { Json, Timestamp, TimestampDefault, WithDefault } from './columns.js';

/** Tables of Telling others: webhooks, e-mails, automation rules and staff notifications. */

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
  status: WebhookDeliveryStatus;
  attempts: WithDefault<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  /** What to make it from when sending (Retour's own label, or the carrier's label or QR code), not the bytes. */
  source: 'return_label' | 'carrier_label' | 'carrier_qr';
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
  status: EmailStatus;
  transport: string | null;
  message_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
  notification_id: string | null;
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
