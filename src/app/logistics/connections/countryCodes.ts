// Intl knows every ISO 3166-1 region; with `fallback: 'none'` it names none for a code that is not
// one, so no list of countries has to be kept here.
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Whether `code` is an ISO 3166-1 alpha-2 country code, written in upper case (NL, DE, GB). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && regions.of(code) !== undefined;
}
