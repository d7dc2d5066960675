import type { RetourDb } from '../../../db/connection.js';
import type { CredentialBox } from '../../kernel/credentialBox.js';
import type { CarrierAdapter, CarrierCredentials, CarrierFactory, CarrierName } from './port.js';

/** Where logistics commands get a connection's adapter, and the box its credentials are sealed in. */
export interface CarrierGateway {
  readonly box: CredentialBox;
  /** The adapter of a stored connection; null when it does not exist or is switched off. */
  connection(id: string): Promise<{ id: string; carrier: CarrierName; adapter: CarrierAdapter } | null>;
  /** An adapter for credentials not stored yet (to test them before saving). */
  build(carrier: CarrierName, credentials: CarrierCredentials): CarrierAdapter;
}

declare module '../../kernel/context.js' {
  interface AppPorts {
    /** Carriers' adapters from the connections set up in Settings → Carriers. */
    carriers: CarrierGateway;
  }
}

/**
 * Adapters from the credentials stored (sealed) in `carrier_connections`. Each is built once per
 * sealed value: every save seals with a fresh nonce, so new credentials take effect on the next call
 * in every process without a restart, even when two saves fall in the same millisecond.
 */
export class StoredCarrierGateway implements CarrierGateway {
  private readonly cache = new Map<string, { sealed: string; adapter: CarrierAdapter }>();

  constructor(
    private readonly db: RetourDb,
    readonly box: CredentialBox,
    private readonly factory: CarrierFactory,
  ) {}

  build(carrier: CarrierName, credentials: CarrierCredentials): CarrierAdapter {
    return this.factory(carrier, credentials);
  }

  async connection(id: string) {
    const row = await this.db
      .selectFrom('carrier_connections')
      .select(['id', 'carrier', 'credentials', 'enabled'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.enabled) return null;
    let cached = this.cache.get(id);
    if (!cached || cached.sealed !== row.credentials) {
      cached = {
        sealed: row.credentials,
        adapter: this.factory(row.carrier, this.box.open<CarrierCredentials>(row.credentials)),
      };
      this.cache.set(id, cached);
    }
    return { id: row.id, carrier: row.carrier, adapter: cached.adapter };
  }
}
