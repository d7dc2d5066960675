import { RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { assertOutboundUrl } from '../../kernel/egress.js';
import { inUnit } from '../../kernel/transaction.js';
import type { PaymentProviderName, ProviderCredentials } from './port.js';

export interface SavePaymentProviderInput {
  provider: PaymentProviderName;
  /** A new API key; when left out the stored one is kept (to switch the provider on or off). */
  apiKey?: string;
  baseUrl?: string | null;
  enabled?: boolean;
}

// Mollie keys start live_ or test_; Stripe secret and restricted keys sk_ or rk_. The sandbox has
// no account to sign in to: its key is always sandbox_test.
const KEY_SHAPE: Record<PaymentProviderName, RegExp> = {
  mollie: /^(live|test)_[A-Za-z0-9]{20,}$/,
  stripe: /^(sk|rk)_(live|test)_[A-Za-z0-9]{16,}$/,
  sandbox: /^sandbox_test$/,
};
const KEY_HINT: Record<PaymentProviderName, string> = {
  mollie: 'starts with live_ or test_',
  stripe: 'starts with sk_ or rk_',
  sandbox: 'is sandbox_test',
};

/** Stores a provider's credentials sealed; the event says what changed, never the key. */
export async function savePaymentProvider(ctx: AppContext, meta: CommandMeta, input: SavePaymentProviderInput) {
  const { box } = ctx.payments;
  await assertOutboundUrl(input.baseUrl, 'baseUrl');
  return inUnit(ctx, meta, async (unit) => {
    const existing = await unit.tx
      .selectFrom('payment_providers')
      .select(['credentials', 'enabled'])
      .where('provider', '=', input.provider)
      .forUpdate()
      .executeTakeFirst();
    if (input.apiKey !== undefined && !KEY_SHAPE[input.provider].test(input.apiKey)) {
      throw new RetourError('invalid', 'API_KEY_FORMAT', `This is not a ${input.provider} API key`, [
        { path: 'apiKey', message: KEY_HINT[input.provider] },
      ]);
    }
    if (!existing && input.apiKey === undefined) {
      throw new RetourError('invalid', 'VALIDATION_FAILED', 'An API key is needed to set up the provider', [
        { path: 'apiKey', message: 'required' },
      ]);
    }
    const before = existing ? box.open<ProviderCredentials>(existing.credentials) : null;
    const credentials: ProviderCredentials = {
      apiKey: input.apiKey ?? before?.apiKey ?? '',
      ...(input.baseUrl !== undefined
        ? input.baseUrl
          ? { baseUrl: input.baseUrl }
          : {}
        : before?.baseUrl
          ? { baseUrl: before.baseUrl }
          : {}),
    };
    const row = {
      provider: input.provider,
      enabled: input.enabled ?? existing?.enabled ?? true,
      credentials: box.seal(credentials),
      key_hint: credentials.apiKey.slice(-4),
      updated_by: meta.actor.id,
      updated_at: unit.now,
    };
    await unit.tx
      .insertInto('payment_providers')
      .values(row)
      .onConflict((oc) => oc.column('provider').doUpdateSet(row))
      .execute();
    unit.record({
      type: 'settings.payment_provider_saved',
      subjectType: 'payment_provider',
      subjectId: input.provider,
      data: { provider: input.provider, enabled: row.enabled, keyChanged: input.apiKey !== undefined, keyHint: row.key_hint },
    });
    return presentProvider({ ...row, updated_at: unit.now }, credentials.baseUrl ?? null);
  });
}

export const presentProvider = (
  row: { provider: PaymentProviderName; enabled: boolean; key_hint: string; updated_at: Date },
  baseUrl: string | null,
) => ({
  provider: row.provider,
  configured: true,
  enabled: row.enabled,
  keyHint: `…${row.key_hint}`,
  baseUrl,
  updatedAt: row.updated_at.toISOString(),
});
