import type { ProviderFactory } from '../../app/payments/gateway.js';
import { MollieProvider } from './mollie.js';
import { StripeProvider } from './stripe.js';

/** The adapter for each provider Retour can refund through. */
export const createPaymentProvider: ProviderFactory = (name, credentials) =>
  name === 'mollie' ? new MollieProvider(credentials) : new StripeProvider(credentials);
