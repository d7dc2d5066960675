import { CARRIER_CAPABILITIES, CARRIER_FIELDS, type CarrierName, type CredentialField } from '../../../domain/carriers.js';
import type { CarrierCredentials } from '../carriers/port.js';

/** A connection's row as the settings read it (never its sealed credentials' contents). */
export interface ConnectionRow {
  id: string;
  carrier: CarrierName;
  name: string;
  enabled: boolean;
  key_hint: string;
  checked_at: Date | null;
  check_ok: boolean | null;
  check_message: string | null;
  created_at: Date;
  updated_at: Date;
}

/** What the settings show of a connection: which credential fields are stored (not their values),
 * the last check, and where the carrier should send its tracking webhooks. `webhookBase` is this
 * installation's public address. */
export function presentConnection(row: ConnectionRow, credentials: CarrierCredentials | null, webhookBase: string | null) {
  const stored = (field: CredentialField) => Boolean(credentials?.[field]);
  return {
    id: row.id,
    carrier: row.carrier,
    name: row.name,
    enabled: row.enabled,
    keyHint: `…${row.key_hint}`,
    fields: CARRIER_FIELDS[row.carrier].map((field) => ({ field, stored: stored(field) })),
    // Null when the credentials were sealed with another key: they must be entered again.
    readable: credentials !== null,
    baseUrl: credentials?.baseUrl ?? null,
    check: row.checked_at ? { at: row.checked_at, ok: row.check_ok === true, message: row.check_message } : null,
    webhookUrl: CARRIER_CAPABILITIES[row.carrier].webhooks ? `${webhookBase ?? ''}/api/v1/carriers/${row.id}/webhooks` : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type PresentedConnection = ReturnType<typeof presentConnection>;
