import type { RetourDb } from '../../../db/connection.js';
import { isPlatformRefunder, type PlatformRefunder } from '../../../domain/paymentProviders.js';
import type { ShopGateway } from '../../catalog/connections/gateway.js';
import type { CredentialBox } from '../../kernel/credentialBox.js';
import { PlatformRefundProvider } from './platformRefunds.js';
import type { PaymentProvider, PaymentProviderName, ProviderCredentials, RefundRouteName } from './port.js';

/** Builds an adapter for a provider from its credentials (the integrations layer supplies it). */
export type ProviderFactory = (name: PaymentProviderName, credentials: ProviderCredentials) => PaymentProvider;

/** Where settlement commands get a provider's adapter: configured providers only, and the shop
 * platforms, which refund through the connection each order names. */
export interface PaymentGateway {
  provider(name: RefundRouteName): Promise<PaymentProvider | null>;
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
 * process without a restart. Shopify and WooCommerce refund through the order's connection
 * (ctx.shops), not through keys of Settings → Payments.
 */
export class StoredProviderGateway implements PaymentGateway {
  private readonly cache = new Map<PaymentProviderName, { stamp: number; provider: PaymentProvider }>();
  private readonly platforms = new Map<PlatformRefunder, PaymentProvider>();

  constructor(
    private readonly db: RetourDb,
    readonly box: CredentialBox,
    private readonly factory: ProviderFactory,
    private readonly shops: ShopGateway | null = null,
    /** The clock platform refunds' claims run by. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  async provider(name: RefundRouteName): Promise<PaymentProvider | null> {
    if (isPlatformRefunder(name)) return this.platform(name);
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

  private platform(name: PlatformRefunder): PaymentProvider | null {
    if (!this.shops) return null;
    let provider = this.platforms.get(name);
    if (!provider) {
      provider = new PlatformRefundProvider(name, this.db, this.shops, this.now);
      this.platforms.set(name, provider);
    }
    return provider;
  }
}
