/** The EU consumer law the policy engine applies whatever a shop's rules say. */

export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

/** Withdrawal period for EU consumers (Directive 2011/83/EU Art. 9), from delivery of the last item. */
export const EU_WITHDRAWAL_DAYS = 14;

/** Legal guarantee for consumer goods (Directive 2019/771 Art. 10; NL BW 7:17–18), from delivery. */
export const LEGAL_GUARANTEE_YEARS = 2;

export function isEuCountry(country: string): boolean {
  return EU_COUNTRIES.has(country.toUpperCase());
}

/** Resolutions of a claim under the legal guarantee: the shopper may ask for repair or
 * replacement, and a refund where those fail or are impossible. */
export const WARRANTY_RESOLUTIONS = ['repair', 'replacement', 'refund'] as const;
