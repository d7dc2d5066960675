import type { CarrierMethod, CarrierService } from '../../../app/logistics/carriers/port.js';
import { badAnswer, list, type ShippoClient, text } from './client.js';

/** How many pages of carrier accounts are read: an account rarely has more than a handful. */
const MAX_PAGES = 5;

/** Carriers whose return labels can come as a QR code shown at the counter, and where from
 * (Shippo: USPS domestic, Evri and Royal Mail in the UK). */
const QR_CARRIERS: Record<string, string> = { usps: 'US', evri: 'GB', hermes_uk: 'GB', royal_mail: 'GB' };

/**
 * The service levels of the account's active carrier accounts that carry returns
 * (`GET /carrier_accounts?service_levels=true`; `supports_return_labels`). Shippo does not say
 * which countries a service collects from, so `fromCountries` stays empty; the QR method is offered
 * where the carrier prints QR returns in the shopper's country.
 */
export async function returnServices(
  client: ShippoClient,
  query: { fromCountry: string; toCountry: string },
): Promise<CarrierService[]> {
  const services = new Map<string, CarrierService>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await client.get('/carrier_accounts', { service_levels: true, page, results: 100 });
    if (!Array.isArray(answer.results)) throw badAnswer('a carrier account list without results');
    for (const account of list(answer, 'results')) {
      const carrier = text(account, 'carrier');
      if (!carrier || account.active === false) continue;
      const qr =
        QR_CARRIERS[carrier] === query.fromCountry.toUpperCase() &&
        query.fromCountry.toUpperCase() === query.toCountry.toUpperCase();
      const methods: CarrierMethod[] = qr ? ['label', 'qr'] : ['label'];
      for (const level of list(account, 'service_levels')) {
        const token = text(level, 'token');
        if (!token || level.supports_return_labels === false || services.has(token)) continue;
        services.set(token, {
          code: token,
          name: text(level, 'name') ?? token,
          carrier,
          methods,
          needsServicePoint: false,
          fromCountries: [],
        });
      }
    }
    if (!answer.next) break;
  }
  return [...services.values()];
}
