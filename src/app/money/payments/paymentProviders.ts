import type { AppContext } from '../../kernel/context.js';
import { PAYMENT_PROVIDERS, type ProviderCredentials } from './port.js';
import { presentProvider } from './savePaymentProvider.js';

/** Every provider Retour can refund through, configured or not; API keys only as a hint. */
export async function listPaymentProviders(ctx: AppContext) {
  const rows = await ctx.db.selectFrom('payment_providers').selectAll().execute();
  return {
    items: PAYMENT_PROVIDERS.map((provider) => {
      const row = rows.find((r) => r.provider === provider);
      if (!row) return { provider, configured: false, enabled: false, keyHint: null, baseUrl: null, updatedAt: null };
      let baseUrl: string | null = null;
      try {
        baseUrl = ctx.payments.box.open<ProviderCredentials>(row.credentials).baseUrl ?? null;
      } catch {
        // Sealed with another key: shown as set up, the key must be saved again to use it.
      }
      return presentProvider(row, baseUrl);
    }),
  };
}
