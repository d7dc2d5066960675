import { createHmac } from 'node:crypto';

/** A portal device id or IP address as it is kept and compared: HMAC-SHA256 under the shop's risk
 * salt (risk_settings.salt), the first 32 hex characters. Two requests from one device match; the
 * raw value is never stored, and without the salt no one can tell which device or IP it was. */
export function clientHash(salt: string, value: string | null | undefined): string | null {
  const raw = value?.trim();
  if (!raw) return null;
  return createHmac('sha256', salt).update(raw).digest('hex').slice(0, 32);
}

/** The raw device id and IP a request came with, as the HTTP layer passes them. */
export interface RequestClient {
  device: string | null;
  ip: string | null;
}

/** Both hashed (see clientHash). */
export function hashClient(salt: string, client: RequestClient | null | undefined): { device: string | null; ip: string | null } {
  return { device: clientHash(salt, client?.device), ip: clientHash(salt, client?.ip) };
}
