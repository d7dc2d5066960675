import type { RetourDb } from '../../../db/connection.js';
import type { CredentialBox } from '../../kernel/credentialBox.js';
import type { PaymentProvider, PaymentProviderName, ProviderCredentials } from './port.js';

/** Builds an adapter for a provider from its credentials (the integrations layer supplies it). */
export type ProviderFactory = (name: PaymentProviderName, credentials: ProviderCredentials) => PaymentProvider;

/** Where settlement commands get a provider's adapter: configured providers only. */
export interface PaymentGateway {
  provider(name: PaymentProviderName): Promise<PaymentProvider | null>;
  readonly box: CredentialBox;
}

declare module '../../kernel/context.js' {
  interface AppPorts {
    /** Payment providers for refunds and payment links, and the box their credentials are sealed in. */
    payments: PaymentGateway;
  }
}

/**
 * Adapters from the credentials stored (sealed) in `payment_providers`. Each is built once per
 * version of its settings, so saving new credentials takes effect on the next call in every
 * process without a restart.
 */
export class StoredProviderGateway implements PaymentGateway {
  private readonly cache = new Map<PaymentProviderName, { stamp: number; provider: PaymentProvider }>();

  constructor(
    private readonly db: RetourDb,
    readonly box: CredentialBox,
    private readonly factory: ProviderFactory,
  ) {}

  async provider(name: PaymentProviderName): Promise<PaymentProvider | null> {
    const row = await this.db
      .selectFrom('payment_providers')
      .select(['credentials', 'enabled', 'updated_at'])
      .where('provider', '=', name)
      .executeTakeFirst();
    if (!row?.enabled) return null;
    const stamp = row.updated_at.getTime();
    const cached = this.cache.get(name);
    if (cached && cached.stamp === stamp) return cached.provider;
    const provider = this.factory(name, this.box.open<ProviderCredentials>(row.credentials));
    this.cache.set(name, { stamp, provider });
    return provider;
  }
}
