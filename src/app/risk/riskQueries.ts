import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { RetourError } from '../../domain/errors.js';
import type { ReturnStatus } from '../../domain/returnStatus.js';
import { explainSignal } from '../../domain/risk/explain.js';
import { type RiskLevel, riskLevel } from '../../domain/risk/score.js';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { Page } from '../kernel/pagination.js';
import { findListMatches } from './listMatches.js';

/** The risk queue (returns by score) and the customers by score, for staff who look at risk first.
 * One statement per page: signals and their sentences come from the rows, linked counts and list
 * matches from subselects, never a query per row. */

export type RiskLocale = 'en' | 'nl';

export interface ExplainedSignal {
  code: string;
  points: number;
  strength: number | null;
  threshold: number | null;
  explanation: string;
}

export function explainSignals(signals: readonly RiskSignal[] | null, locale: RiskLocale): ExplainedSignal[] {
  return (signals ?? []).map((s) => ({
    code: s.code,
    points: s.points,
    strength: s.strength ?? null,
    threshold: s.threshold ?? null,
    explanation: explainSignal(s, locale),
  }));
}

/** Statuses after which nothing is left to decide about a return's risk. */
const FINISHED: readonly ReturnStatus[] = ['closed', 'cancelled', 'rejected', 'expired', 'resolved'];

/** Score, moment and id of the last row of a page: the queue sorts on the first two. */
function encodeCursor(score: number, at: Date, id: string): string {
  return Buffer.from(JSON.stringify([score, at.toISOString(), id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [number, Date, string] {
  try {
    const p: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(p) && p.length === 3 && typeof p[0] === 'number' && typeof p[2] === 'string') {
      const at = p[1] === null ? new Date(0) : new Date(String(p[1]));
      if (!Number.isNaN(at.getTime())) return [p[0], at, p[2]];
    }
  } catch {
    // the problem below
  }
  throw new RetourError('invalid', 'INVALID_CURSOR', 'The cursor is not valid', [
    { path: 'query.cursor', message: 'not a cursor from this API for this sort' },
  ]);
}

/** As in linkedCustomers.ts: sightings older than this link no one. */
const SIGHTING_DAYS = 90;

export const nameOf = (first: string | null, last: string | null, email: string) =>
  [first, last].filter(Boolean).join(' ') || email;

const signalFilter = (column: string, code: string) => sql<boolean>`${sql.ref(column)} @> ${JSON.stringify([{ code }])}::jsonb`;

export interface RiskQueueQuery {
  minScore?: number;
  signal?: string;
  status: 'open' | 'all';
  locale: RiskLocale;
  cursor?: string;
  limit: number;
}

export interface RiskQueueItem {
  id: string;
  number: string;
  status: ReturnStatus;
  onHold: boolean;
  createdAt: Date;
  customer: { id: string; name: string; email: string };
  value: number;
  currency: string;
  score: number;
  level: RiskLevel;
  signals: ExplainedSignal[];
  refundAfterReceipt: boolean;
  reviewed: boolean;
}

/** Returns by score, highest first, then newest first. */
export async function riskQueue(db: RetourDb, q: RiskQueueQuery): Promise<Page<RiskQueueItem>> {
  let query = db
    .selectFrom('returns as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select([
      'r.id',
      'r.number',
      'r.status',
      'r.on_hold',
      'r.created_at',
      'r.value_amount',
      'r.currency',
      'r.risk_score',
      'r.risk_signals',
      'r.refund_after_receipt',
      'c.id as customer_id',
      'c.first_name',
      'c.last_name',
      'c.email',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('risk_assessments as a')
            .select('a.id')
            .whereRef('a.return_id', '=', 'r.id')
            .where('a.stage', '=', 'review'),
        )
        .as('reviewed'),
    );
  if (q.status === 'open') query = query.where('r.status', 'not in', FINISHED);
  if (q.minScore !== undefined) query = query.where('r.risk_score', '>=', q.minScore);
  if (q.signal) query = query.where(signalFilter('r.risk_signals', q.signal));
  if (q.cursor) {
    const [score, at, id] = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(r.risk_score, r.created_at, r.id) < (${score}, ${at}, ${id})`);
  }
  const rows = await query
    .orderBy('r.risk_score', 'desc')
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    onHold: r.on_hold,
    createdAt: r.created_at,
    customer: { id: r.customer_id, name: nameOf(r.first_name, r.last_name, r.email), email: r.email },
    value: Number(r.value_amount),
    currency: r.currency,
    score: r.risk_score,
    level: riskLevel(r.risk_score),
    signals: explainSignals(r.risk_signals, q.locale),
    refundAfterReceipt: r.refund_after_receipt,
    reviewed: Boolean(r.reviewed),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.score, last.createdAt, last.id) : null };
}

export interface RiskCustomersQuery {
  minScore?: number;
  signal?: string;
  locale: RiskLocale;
  cursor?: string;
  limit: number;
}

export interface RiskCustomerItem {
  id: string;
  name: string;
  email: string;
  segment: string;
  score: number;
  level: RiskLevel;
  signals: ExplainedSignal[];
  assessedAt: Date | null;
  linked: number;
  listed: 'block' | 'allow' | null;
}

/** Customers by their latest score, highest first; only those ever assessed. */
export async function riskCustomers(db: RetourDb, now: Date, q: RiskCustomersQuery): Promise<Page<RiskCustomerItem>> {
  let query = db
    .selectFrom('customers as c')
    .select([
      'c.id',
      'c.first_name',
      'c.last_name',
      'c.email',
      'c.segment',
      'c.risk_score',
      'c.risk_signals',
      'c.risk_assessed_at',
    ])
    .where('c.risk_assessed_at', 'is not', null);
  if (q.minScore !== undefined) query = query.where('c.risk_score', '>=', q.minScore);
  if (q.signal) query = query.where(signalFilter('c.risk_signals', q.signal));
  if (q.cursor) {
    const [score, at, id] = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(c.risk_score, c.risk_assessed_at, c.id) < (${score}, ${at}, ${id})`);
  }
  const rows = await query
    .orderBy('c.risk_score', 'desc')
    .orderBy('c.risk_assessed_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  const [linked, listed] = await Promise.all([linkedCounts(db, ids, now), listedOn(db, ids, now)]);
  const items = page.map((r) => ({
    id: r.id,
    name: nameOf(r.first_name, r.last_name, r.email),
    email: r.email,
    segment: r.segment,
    score: r.risk_score,
    level: riskLevel(r.risk_score),
    signals: explainSignals(r.risk_signals, q.locale),
    assessedAt: r.risk_assessed_at,
    linked: linked.get(r.id) ?? 0,
    listed: listed.get(r.id) ?? null,
  }));
  const last = page[page.length - 1];
  return {
    items,
    nextCursor:
      rows.length > q.limit && last ? encodeCursor(last.risk_score, last.risk_assessed_at ?? new Date(0), last.id) : null,
  };
}

/** How many other customers share a normal e-mail, address or payment fingerprint of an order, a
 * normal phone, or a portal device with each of these — one statement for the page. The same
 * links as linkedCustomers.ts, which reads them for one customer with their scores (an IP alone
 * links no one there either). */
async function linkedCounts(db: RetourDb, ids: string[], now: Date): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const since = new Date(now.getTime() - SIGHTING_DAYS * 86_400_000);
  const { rows } = await sql<{ customer_id: string; n: number }>`
    with mine as (
      select customer_id, 'a' as k, retour_normal_address(shipping_address) as v from orders where customer_id = any(${ids}::text[])
      union select customer_id, 'e', retour_normal_email(email) from orders where customer_id = any(${ids}::text[])
      union select customer_id, 'f', retour_normal_fingerprint(payment_fingerprint) from orders
        where customer_id = any(${ids}::text[]) and payment_fingerprint is not null
      union select id, 'e', retour_normal_email(email) from customers where id = any(${ids}::text[])
      union select id, 'p', retour_normal_phone(phone) from customers where id = any(${ids}::text[]) and phone is not null
      union select customer_id, 'd', device from portal_sightings
        where customer_id = any(${ids}::text[]) and device is not null and at >= ${since}::timestamptz
    ),
    others as (
      select m.customer_id, o.customer_id as other from mine m join orders o
        on m.k = 'a' and retour_normal_address(o.shipping_address) = m.v
      union select m.customer_id, o.customer_id from mine m join orders o on m.k = 'e' and retour_normal_email(o.email) = m.v
      union select m.customer_id, o.customer_id from mine m join orders o
        on m.k = 'f' and retour_normal_fingerprint(o.payment_fingerprint) = m.v
      union select m.customer_id, c.id from mine m join customers c on m.k = 'p' and retour_normal_phone(c.phone) = m.v
      union select m.customer_id, s.customer_id from mine m join portal_sightings s
        on m.k = 'd' and s.device = m.v and s.at >= ${since}::timestamptz
    )
    select customer_id, count(distinct other)::int as n from others
    where other is not null and other <> customer_id and customer_id is not null
    group by customer_id`.execute(db);
  return new Map(rows.map((r) => [r.customer_id, r.n]));
}

async function listedOn(db: RetourDb, ids: string[], now: Date): Promise<Map<string, 'block' | 'allow'>> {
  const matches = await findListMatches(db, ids, now);
  const out = new Map<string, 'block' | 'allow'>();
  // A block outweighs an allow in what staff are shown: the block is the one to act on.
  for (const [id, m] of matches)
    if (m.block.length > 0) out.set(id, 'block');
    else if (m.allow.length > 0) out.set(id, 'allow');
  return out;
}
