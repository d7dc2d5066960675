import type { ProviderFactory } from '../../app/money/payments/gateway.js';
import { MollieProvider } from './mollie.js';
import { SandboxProvider } from './sandbox.js';
import { StripeProvider } from './stripe.js';

/** The adapter for each provider Retour can refund through. */
export const createPaymentProvider: ProviderFactory = (name, credentials) => {
  if (name === 'mollie') return new MollieProvider(credentials);
  if (name === 'stripe') return new StripeProvider(credentials);
  return new SandboxProvider();
};
