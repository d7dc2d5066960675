import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { csvRow } from '../../integrations/csv.js';
import { findListMatches } from './listMatches.js';

/** Serial returners as a marketing-suppression list: the audience a shop leaves out of its
 * advertising (Google Customer Match, Meta custom audiences). Allow-listed customers are never on
 * it. Hashed, the e-mail and phone are sent as the platforms match them, so the shop's customer data
 * does not leave as it is. */

export const SUPPRESSION_COLUMNS = ['email', 'phone', 'first_name', 'last_name', 'country', 'postcode'] as const;

/** Country calling codes of the shops' usual countries: a national number (06…) becomes E.164. */
const CALLING_CODES: Record<string, string> = {
  NL: '31',
  BE: '32',
  FR: '33',
  ES: '34',
  IT: '39',
  AT: '43',
  GB: '44',
  DK: '45',
  SE: '46',
  NO: '47',
  PL: '48',
  DE: '49',
  LU: '352',
  IE: '353',
  FI: '358',
  PT: '351',
  CH: '41',
};

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An e-mail as Google and Meta hash it: trimmed, lower case. */
export const normalEmailForAds = (email: string) => email.trim().toLowerCase();

/** A phone as the platforms hash it: E.164 digits without '+' (Meta's form; Google takes the same
 * digits). A national number needs the customer's country; without one it cannot be matched: null. */
export function normalPhoneForAds(phone: string | null, country: string | null): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 6) return null;
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  const code = country ? CALLING_CODES[country.trim().toUpperCase()] : undefined;
  if (!code) return null;
  return code + digits.replace(/^0+/, '');
}

export interface SuppressionOptions {
  hashed: boolean;
  /** Also customers whose latest score is at least this, whatever their signals. */
  minScore?: number;
}

interface SuppressionRow {
  id: string;
  email: string;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  country: string | null;
  postcode: string | null;
}

/** The customers to suppress, one each: their latest signals include SERIAL_RETURNING, or they
 * score at least minScore; not on the allow list. */
export async function suppressionRows(db: RetourDb, now: Date, options: SuppressionOptions): Promise<SuppressionRow[]> {
  let q = db
    .selectFrom('customers')
    .select(['id', 'email', 'phone', 'first_name', 'last_name', 'country', 'postcode'])
    .where('risk_assessed_at', 'is not', null);
  const serial = sql<boolean>`risk_signals @> ${JSON.stringify([{ code: 'SERIAL_RETURNING' }])}::jsonb`;
  const minScore = options.minScore;
  q = minScore !== undefined ? q.where((eb) => eb.or([serial, eb('risk_score', '>=', minScore)])) : q.where(serial);
  const rows = await q.orderBy('id').execute();
  const allowed = new Set<string>();
  // In slices, so the statement's array stays a reasonable size for a large shop.
  for (let i = 0; i < rows.length; i += 1000) {
    const matches = await findListMatches(
      db,
      rows.slice(i, i + 1000).map((r) => r.id),
      now,
    );
    for (const [id, m] of matches) if (m.allow.length > 0) allowed.add(id);
  }
  return rows.filter((r) => !allowed.has(r.id));
}

export function suppressionValues(r: SuppressionRow, hashed: boolean): string[] {
  const phone = normalPhoneForAds(r.phone, r.country);
  // Raw, the phone goes in E.164 with its + as the platforms' upload forms ask, when it can be
  // worked out; else as the shop keeps it.
  if (!hashed)
    return [
      r.email,
      phone ? `+${phone}` : (r.phone ?? ''),
      r.first_name ?? '',
      r.last_name ?? '',
      r.country ?? '',
      r.postcode ?? '',
    ];
  // Names are hashed too, trimmed and in lower case, as both platforms take them with a hashed e-mail.
  const name = (n: string | null) => (n?.trim() ? sha256Hex(n.trim().toLowerCase()) : '');
  return [
    sha256Hex(normalEmailForAds(r.email)),
    phone ? sha256Hex(phone) : '',
    name(r.first_name),
    name(r.last_name),
    (r.country ?? '').trim().toUpperCase(),
    (r.postcode ?? '').trim(),
  ];
}

/** The CSV file: a header line and one line per customer. */
export async function suppressionCsv(db: RetourDb, now: Date, options: SuppressionOptions): Promise<string> {
  const rows = await suppressionRows(db, now, options);
  return [csvRow([...SUPPRESSION_COLUMNS]), ...rows.map((r) => csvRow(suppressionValues(r, options.hashed)))].join('');
}
