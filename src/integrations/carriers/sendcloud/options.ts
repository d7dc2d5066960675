import type { CarrierMethod, CarrierRate, CarrierService, RateQuery } from '../../../app/logistics/carriers/port.js';
import { fromDecimal } from '../http.js';
import { badAnswer, isObject, type SendcloudClient } from './client.js';
import { v3Address } from './returnBody.js';

type Json = Record<string, unknown>;

/** The return methods a shipping option's functionalities allow: `labelless` adds the QR code;
 * `first_mile` says whether the shopper drops the parcel off, is picked up, or both. */
export function methodsOf(functionalities: Json): CarrierMethod[] {
  const firstMile = typeof functionalities.first_mile === 'string' ? functionalities.first_mile : 'dropoff';
  const methods: CarrierMethod[] = [];
  if (firstMile !== 'pickup') methods.push('label', 'partner');
  if (functionalities.labelless === true && firstMile !== 'pickup') methods.push('qr');
  if (firstMile === 'pickup' || firstMile === 'pickup_dropoff') methods.push('pickup');
  return methods;
}

async function shippingOptions(client: SendcloudClient, body: Json): Promise<Json[]> {
  const answer = (await client.json('POST', '/api/v3/shipping-options', { body })).body;
  const data = isObject(answer) ? answer.data : answer;
  if (!Array.isArray(data)) throw badAnswer('a list of shipping options');
  return data.filter(isObject).filter((o) => typeof o.code === 'string');
}

const carrierOf = (option: Json): string =>
  isObject(option.carrier) ? String(option.carrier.code ?? '') : (String(option.code).split(':')[0] ?? '');

/** The shipping options that carry returns from a country to another. */
export async function listServices(
  client: SendcloudClient,
  query: { fromCountry: string; toCountry: string },
): Promise<CarrierService[]> {
  const options = await shippingOptions(client, {
    from_country_code: query.fromCountry.toUpperCase(),
    to_country_code: query.toCountry.toUpperCase(),
    functionalities: { returns: true },
  });
  return options.map((option) => {
    const functionalities = isObject(option.functionalities) ? option.functionalities : {};
    return {
      code: String(option.code),
      name: String(option.name ?? option.code),
      carrier: carrierOf(option),
      methods: methodsOf(functionalities),
      // Sendcloud's return options take the parcel at any point of the carrier; a chosen one is a hint.
      needsServicePoint: false,
      fromCountries: [query.fromCountry.toUpperCase()],
    };
  });
}

/** What each return option costs for the parcels, from Sendcloud's quotes (lead time in hours). */
export async function quoteRates(client: SendcloudClient, query: RateQuery): Promise<CarrierRate[]> {
  const options = await shippingOptions(client, {
    from_address: v3Address(query.from),
    to_address: v3Address(query.to),
    parcels: query.parcels.map((p) => ({
      weight: { value: (p.weightGrams / 1000).toFixed(3), unit: 'kg' },
      ...(p.lengthCm && p.widthCm && p.heightCm
        ? { dimensions: { length: p.lengthCm, width: p.widthCm, height: p.heightCm, unit: 'cm' } }
        : {}),
    })),
    functionalities: { returns: true },
    calculate_quotes: true,
  });
  const rates: CarrierRate[] = [];
  for (const option of options) {
    const code = String(option.code);
    if (query.services && !query.services.includes(code)) continue;
    const quote = Array.isArray(option.quotes) ? option.quotes.find(isObject) : undefined;
    const total = isObject(quote?.price) && isObject(quote.price.total) ? quote.price.total : null;
    // No price: Sendcloud has no tariff for it (no contract, or out of range); not a rate to compare.
    if (!total || total.value == null || Number.isNaN(Number(total.value))) continue;
    const hours = Number(quote?.lead_time);
    rates.push({
      service: code,
      serviceName: String(option.name ?? code),
      amount: fromDecimal(total.value as string),
      currency: String(total.currency ?? 'EUR'),
      estimatedDays: Number.isFinite(hours) && hours > 0 ? Math.ceil(hours / 24) : null,
    });
  }
  return rates;
}
