import type { RetourDb } from '../../../db/connection.js';
import type { CredentialBox } from '../../kernel/credentialBox.js';
import type { ShopAdapterFactory, ShopCredentials, ShopPlatform, ShopPlatformAdapter } from './port.js';

/** A stored connection's adapter and what the sync needs to know of it. */
export interface ShopConnectionHandle {
  id: string;
  platform: ShopPlatform;
  channelId: string;
  adapter: ShopPlatformAdapter;
}

/** Where the sync gets a connection's adapter, and the box its credentials are sealed in. */
export interface ShopGateway {
  readonly box: CredentialBox;
  /** The adapter of a stored connection; null when it does not exist or is switched off. */
  connection(id: string): Promise<ShopConnectionHandle | null>;
  /** An adapter for credentials not stored yet (to test them before saving). */
  build(platform: ShopPlatform, credentials: ShopCredentials): ShopPlatformAdapter;
}

declare module '../../kernel/context.js' {
  interface AppPorts {
    /** Shop platforms' and marketplaces' adapters from the connections set up in Settings → Connections. */
    shops: ShopGateway;
  }
}

/**
 * Adapters from the credentials stored (sealed) in `shop_connections`. Each is built once per
 * sealed value: every save seals with a fresh nonce, so new credentials take effect on the next
 * call in every process without a restart.
 */
export class StoredShopGateway implements ShopGateway {
  private readonly cache = new Map<string, { sealed: string; adapter: ShopPlatformAdapter }>();

  constructor(
    private readonly db: RetourDb,
    readonly box: CredentialBox,
    private readonly factory: ShopAdapterFactory,
  ) {}

  build(platform: ShopPlatform, credentials: ShopCredentials): ShopPlatformAdapter {
    return this.factory(platform, credentials);
  }

  async connection(id: string): Promise<ShopConnectionHandle | null> {
    const row = await this.db
      .selectFrom('shop_connections')
      .select(['id', 'platform', 'channel_id', 'credentials', 'enabled'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.enabled) return null;
    let cached = this.cache.get(id);
    if (!cached || cached.sealed !== row.credentials) {
      cached = {
        sealed: row.credentials,
        adapter: this.factory(row.platform, this.box.open<ShopCredentials>(row.credentials)),
      };
      this.cache.set(id, cached);
    }
    return { id: row.id, platform: row.platform, channelId: row.channel_id, adapter: cached.adapter };
  }
}
