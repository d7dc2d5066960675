/**
 * Erasing a shopper's personal data (GDPR Art. 17) while keeping what the bookkeeping must keep
 * (art. 2:10 BW, AWR art. 52: amounts, dates and references for seven years), detached from the
 * person. The pure part: what counts as the person's, how a stored value is scrubbed of it, and
 * what blocks an erasure. The command (src/app/privacy/eraseCustomer.ts) applies it to the tables.
 */

/** What an erased text or name becomes. */
export const ERASED = 'erased';

/** The e-mail an erased customer row keeps: the column is unique and required, and a reserved
 * top-level domain (RFC 2606) is never delivered to. */
export function erasedEmail(customerId: string): string {
  return `${customerId}@erased.invalid`;
}

/** What an erased address becomes: the country stays (VAT is due by country of supply). */
export function erasedAddress<T extends { country?: string }>(
  address: T | null,
): { line1: string; postcode: string; city: string; country: string } {
  return { line1: ERASED, postcode: '', city: '', country: address?.country ?? '' };
}

/** What the person is known by in the rows about them, as given and as compared. */
export interface PersonalDetails {
  emails: string[];
  /** First and last names, each alone. */
  names: string[];
  /** "First Last", as a name is shown. */
  fullNames: string[];
  phones: string[];
  /** Street lines (street and house number). */
  streets: string[];
  /** Postcodes and the normal forms risk compares (e-mail, address, phone, card). */
  otherForms: string[];
}

/** The values a stored text is searched for, lower case, longest first. `identifiers` are the
 * person's e-mail addresses and phone numbers (the phone's last nine digits): the only values
 * that pick out this one person in rows not tied to them by a key, since a street, a postcode or
 * a name on a parcel is shared with neighbours, household members and gift recipients. `all`
 * adds the names, street lines, postcodes and normal forms, scrubbed only from the person's own
 * rows. */
export interface PersonalValues {
  identifiers: string[];
  all: string[];
}

/** Values shorter than this would match inside unrelated words. */
const SHORTEST = 4;

/** A phone's number without country or trunk prefix: what risk compares (retour_normal_phone). */
const PHONE_DIGITS = 9;

export function personalValues(details: PersonalDetails): PersonalValues {
  const clean = (values: string[]) =>
    [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v.length >= SHORTEST && v !== ERASED))].sort(
      (a, b) => b.length - a.length,
    );
  const phones = details.phones.flatMap((p) => {
    const digits = p.replace(/[^0-9]/g, '');
    return digits.length >= 6 ? [digits.slice(-PHONE_DIGITS)] : [];
  });
  const identifiers = clean([...details.emails.filter((e) => e.includes('@')), ...phones]);
  return {
    identifiers,
    all: clean([...identifiers, ...details.names, ...details.fullNames, ...details.streets, ...details.otherForms]),
  };
}

/** Runs of a text that look like a phone number, however written ("06-4242 1717", "+31 (0)6…"). */
const PHONE_LIKE = /\+?\d[\d\s()./-]*\d/g;
/** At most a country code with its "00" and trunk "0" before the number ("0031 0…" is not written). */
const LONGEST_PREFIX = 5;

const escapeRegExp = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a text holds one of the values as a whole: an e-mail as the whole address
 * ("ann@example.com" is not in "joann@example.com"), a phone by its digits whatever the
 * separators, anything else as whole words ("Mark" is not in "marked_received", "Damrak 1" not in
 * "Damrak 125"). Compared in lower case. */
export function personalMatcher(values: readonly string[]): (text: string) => boolean {
  const emails = values.filter((v) => v.includes('@'));
  const phones = values.filter((v) => /^\d{6,}$/.test(v));
  const words = values.filter((v) => !v.includes('@') && !/^\d{6,}$/.test(v));
  const emailRe = emails.length
    ? new RegExp(`(?<![a-z0-9._%+-])(?:${emails.map(escapeRegExp).join('|')})(?![a-z0-9_-]|\\.[a-z0-9])`)
    : null;
  const wordRe = words.length
    ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'u')
    : null;
  return (text) => {
    const lower = text.toLowerCase();
    if (emailRe?.test(lower) || wordRe?.test(lower)) return true;
    if (phones.length === 0) return false;
    for (const run of lower.replace(/\(0\)/g, '').match(PHONE_LIKE) ?? []) {
      const digits = run.replace(/\D/g, '');
      if (phones.some((n) => digits.endsWith(n) && digits.length - n.length <= LONGEST_PREFIX)) return true;
    }
    return false;
  };
}

/** Whether a text holds any of the values (see personalMatcher). */
export function mentions(text: string, values: readonly string[]): boolean {
  return personalMatcher(values)(text);
}

/** JSON keys whose strings are never personal: ids, references, numbers, statuses, kinds,
 * currencies, amounts and dates (by the key's last word: a `statusReason` is free text and is
 * scrubbed); scrubbing them would break the bookkeeping's links. */
const KEPT_KEY =
  /^(ids?|type|kind|status|state|currency|sku|code|reference|number|amount)$|(_ids?|Ids?|_at|At|_status|Status|_number|Number|_reference|Reference|_amount|Amount|_currency|Currency)$/;
export const keptKey = (key: string) => KEPT_KEY.test(key) && !/phone|mail|address|name|house|street|postcode/i.test(key);

type Matcher = (text: string) => boolean;

/** A stored value with every string that mentions the person replaced by ERASED; numbers,
 * booleans, ids, references, statuses and amounts stay as they were. `changed` says whether
 * anything was replaced. */
export function scrubValue(value: unknown, values: readonly string[] | Matcher): { value: unknown; changed: boolean } {
  const matches = typeof values === 'function' ? values : personalMatcher(values);
  if (typeof value === 'string') return matches(value) ? { value: ERASED, changed: true } : { value, changed: false };
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = scrubValue(v, matches);
      changed ||= r.changed;
      return r.value;
    });
    return { value: changed ? out : value, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = keptKey(k) ? { value: v, changed: false } : scrubValue(v, matches);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: changed ? out : value, changed };
  }
  return { value, changed: false };
}

/** What stops an erasure: returns still under way (their shopper must still be reached and paid)
 * and money not yet settled. */
export interface ErasureBlockers {
  openReturns: string[];
  pendingSettlements: string[];
}

export const ERASURE_BLOCKED_OPEN_RETURNS = 'ERASURE_BLOCKED_OPEN_RETURNS';
export const ERASURE_BLOCKED_MONEY_DUE = 'ERASURE_BLOCKED_MONEY_DUE';
export type ErasureBlockCode = typeof ERASURE_BLOCKED_OPEN_RETURNS | typeof ERASURE_BLOCKED_MONEY_DUE;

/** The code of what blocks first, or null when nothing does. */
export function erasureBlockCode(blockers: ErasureBlockers): ErasureBlockCode | null {
  if (blockers.openReturns.length > 0) return ERASURE_BLOCKED_OPEN_RETURNS;
  if (blockers.pendingSettlements.length > 0) return ERASURE_BLOCKED_MONEY_DUE;
  return null;
}

/** What an erasure removes or anonymises, and what it keeps: the back office shows both before
 * staff confirm, in these words' translations. */
export const ERASURE_ERASES = ['identity', 'addresses', 'texts', 'photos', 'emails', 'deliveries', 'risk', 'labels'] as const;
export const ERASURE_KEEPS = ['money', 'ledger', 'references', 'facts'] as const;
export type ErasureErases = (typeof ERASURE_ERASES)[number];
export type ErasureKeeps = (typeof ERASURE_KEEPS)[number];
