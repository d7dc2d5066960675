// Intl knows every ISO 3166-1 region; with `fallback: 'none'` it names none for a code that is not
// one, so no list of countries has to be kept here.
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

// Codes Intl still names that are no country: user-assigned (ZZ "Unknown Region", the X… pseudo
// regions, except Kosovo’s XK that carriers use), groupings (EU, EZ, UN) and UK, which is GB in ISO 3166.
const NOT_A_COUNTRY = /^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN|UK)$/;

/** Whether `code` is an ISO 3166-1 alpha-2 country code, written in upper case (NL, DE, GB). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_A_COUNTRY.test(code) && regions.of(code) !== undefined;
}
