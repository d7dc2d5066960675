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

/** The values a stored text is searched for. `strong` pick out this one person anywhere (an
 * e-mail, a phone, a full name, a street line): they are looked for in tables not tied to the
 * customer by a key. `all` adds what identifies only next to the rest (a first name, a postcode)
 * and is looked for in the rows that are the person's. Longest first. */
export interface PersonalValues {
  strong: string[];
  all: string[];
}

/** Values shorter than this would match inside unrelated words. */
const SHORTEST = 4;

export function personalValues(details: PersonalDetails): PersonalValues {
  const clean = (values: string[]) =>
    [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v.length >= SHORTEST && v !== ERASED))].sort(
      (a, b) => b.length - a.length,
    );
  const phoneForms = details.phones.flatMap((p) => {
    const digits = p.replace(/[^0-9]/g, '');
    return digits.length >= 6 ? [p, digits, digits.slice(-9)] : [p];
  });
  const strong = clean([...details.emails, ...phoneForms, ...details.fullNames, ...details.streets]);
  return { strong, all: clean([...strong, ...details.names, ...details.otherForms]) };
}

/** The values as LIKE patterns matching any text that holds one (compare with lower(text)). */
export function likePatterns(values: readonly string[]): string[] {
  return values.map((v) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/** Runs of a text that look like a phone number, however written ("06-1234 5678", "+31 (0)6…"). */
const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

/** Whether a text holds any of the values (compared in lower case); a phone number is recognised
 * by its digits too, whatever separators it was written with. */
export function mentions(text: string, values: readonly string[]): boolean {
  const lower = text.toLowerCase();
  if (values.some((v) => lower.includes(v))) return true;
  const numbers = values.filter((v) => /^\d{9,}$/.test(v));
  if (numbers.length === 0) return false;
  const runs = (text.match(PHONE_LIKE) ?? []).map((run) => run.replace(/\D/g, ''));
  return runs.some((digits) => numbers.some((n) => digits.includes(n)));
}

/** A stored value with every string that mentions the person replaced by ERASED; numbers,
 * booleans, ids and amounts stay as they were. `changed` says whether anything was replaced. */
export function scrubValue(value: unknown, values: readonly string[]): { value: unknown; changed: boolean } {
  if (typeof value === 'string') return mentions(value, values) ? { value: ERASED, changed: true } : { value, changed: false };
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = scrubValue(v, values);
      changed ||= r.changed;
      return r.value;
    });
    return { value: changed ? out : value, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = scrubValue(v, values);
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
