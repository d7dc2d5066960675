import { RetourError } from '../../../domain/errors.js';
import type { Tx } from '../../kernel/transaction.js';
import { PAYMENT_PROVIDERS, type PaymentProviderName } from './port.js';

/** Which way money goes back for an order: the provider that took the payment, else by bank transfer. */
export function providerOf(order: {
  payment_provider: string | null;
  payment_reference: string | null;
}): PaymentProviderName | 'manual' {
  const p = order.payment_provider;
  return p && order.payment_reference && (PAYMENT_PROVIDERS as readonly string[]).includes(p)
    ? (p as PaymentProviderName)
    : 'manual';
}

/** Refuses, before anything is written, a refund through a provider that has no credentials or is switched off. */
export async function requireProviderReady(tx: Tx, provider: PaymentProviderName | 'manual' | 'ledger'): Promise<void> {
  if (provider === 'manual' || provider === 'ledger') return;
  const configured = await tx
    .selectFrom('payment_providers')
    .select('enabled')
    .where('provider', '=', provider)
    .executeTakeFirst();
  if (!configured?.enabled) {
    throw new RetourError(
      'conflict',
      'PROVIDER_NOT_CONFIGURED',
      `The order was paid through ${provider}, which has no credentials in the settings or is switched off`,
      [],
      { provider },
    );
  }
}
