import { RetourError } from '../../../domain/errors.js';
import { isPlatformRefunder, readPlatformPaymentReference } from '../../../domain/paymentProviders.js';
import type { Tx } from '../../kernel/transaction.js';
import { REFUND_ROUTES, type RefundRouteName } from './port.js';

/** Which way money goes back for an order: the provider or shop platform that took the payment,
 * else by bank transfer. */
export function providerOf(order: {
  payment_provider: string | null;
  payment_reference: string | null;
}): RefundRouteName | 'manual' {
  const p = order.payment_provider;
  return p && order.payment_reference && (REFUND_ROUTES as readonly string[]).includes(p) ? (p as RefundRouteName) : 'manual';
}

/** Refuses, before anything is written, a refund through a provider that has no credentials or is
 * switched off, or through a shop platform whose connection (named in the order's payment
 * reference) is gone or switched off. */
export async function requireProviderReady(
  tx: Tx,
  provider: RefundRouteName | 'manual' | 'ledger',
  paymentReference: string | null = null,
): Promise<void> {
  if (provider === 'manual' || provider === 'ledger') return;
  if (isPlatformRefunder(provider)) return requireConnectionReady(tx, provider, paymentReference);
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

async function requireConnectionReady(tx: Tx, platform: string, paymentReference: string | null): Promise<void> {
  const ref = readPlatformPaymentReference(paymentReference);
  const connection = ref
    ? await tx
        .selectFrom('shop_connections')
        .select(['enabled', 'platform'])
        .where('id', '=', ref.connectionId)
        .executeTakeFirst()
    : undefined;
  if (!connection?.enabled || connection.platform !== platform) {
    throw new RetourError(
      'conflict',
      'CONNECTION_NOT_READY',
      `The order was paid on ${platform}, and its connection is gone or switched off: switch it on in Settings → Connections, or refund by hand`,
      [],
      { provider: platform, connectionId: ref?.connectionId ?? null },
    );
  }
}
