import type { RetourDb } from '../../db/connection.js';
import { AT_DOCK_STATUSES } from '../../domain/returnStatus.js';
import { compiledOnce } from '../kernel/compiledOnce.js';

/** Views the caller saved and the ones colleagues shared, by name. */
export async function listSavedViews(db: RetourDb, owner: string) {
  const rows = await db
    .selectFrom('saved_views')
    .selectAll()
    .where((eb) => eb.or([eb('owner_id', '=', owner), eb('shared', '=', true)]))
    .orderBy('name')
    .execute();
  return {
    items: rows.map((v) => ({ id: v.id, name: v.name, filters: v.filters, shared: v.shared, mine: v.owner_id === owner })),
  };
}

/** A return's notes and messages, oldest first; shoppers get only the messages to them. */
export async function listReturnNotes(db: RetourDb, returnId: string, options: { shopperOnly?: boolean } = {}) {
  let q = db.selectFrom('return_notes').selectAll().where('return_id', '=', returnId);
  if (options.shopperOnly) q = q.where('kind', '=', 'shopper');
  const rows = await q.orderBy('id').execute();
  return rows.map((n) => ({
    id: n.id,
    kind: n.kind,
    body: n.body,
    author: options.shopperOnly ? null : { id: n.author_id, name: n.author_name },
    createdAt: n.created_at.toISOString(),
  }));
}

/** What a scanner or a typed code at the dock means: the QR code (RETOUR:R-…:order), the label's
 * barcode or a typed return number, a carrier tracking number, or an order number. */
export function parseScan(code: string): { returnNumber?: string; other: string } {
  const trimmed = code.trim();
  const qr = /^RETOUR:(R-\d+):/i.exec(trimmed);
  if (qr?.[1]) return { returnNumber: qr[1].toUpperCase(), other: trimmed };
  const number = /^R-?(\d+)$/i.exec(trimmed);
  if (number?.[1]) return { returnNumber: `R-${number[1]}`, other: trimmed };
  return { other: trimmed };
}

/** The returns of a code, newest first: by return number, or by tracking or order number. Built
 * and compiled once each (see compiledOnce): the dock scans every parcel. */
function scanQuery(db: RetourDb) {
  return db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select(['returns.id', 'returns.number', 'returns.status', 'orders.order_number'])
    .orderBy('returns.id', 'desc')
    .limit(20);
}
const returnsOfNumber = compiledOnce((db: RetourDb, returnNumber: string) =>
  scanQuery(db).where('returns.number', '=', returnNumber),
);
// The order is looked up by its number first (one at most): its returns and those of the tracking
// number are then both found through an index. An `or` across the join read every return and order.
const returnsOfOtherCode = compiledOnce((db: RetourDb, code: string) =>
  scanQuery(db).where((eb) =>
    eb.or([
      eb('returns.tracking_number', '=', code),
      eb('returns.order_id', '=', eb.selectFrom('orders as o').select('o.id').where('o.order_number', '=', code)),
    ]),
  ),
);

/** Returns a scanned code points at, those still awaiting goods first. */
export async function findReturnsByScan(db: RetourDb, code: string) {
  const parsed = parseScan(code);
  const rows = parsed.returnNumber ? await returnsOfNumber(db, parsed.returnNumber) : await returnsOfOtherCode(db, parsed.other);
  const items = rows
    .map((r) => ({ id: r.id, number: r.number, status: r.status, orderNumber: r.order_number }))
    .sort((a, b) => Number(AT_DOCK_STATUSES.includes(b.status)) - Number(AT_DOCK_STATUSES.includes(a.status)));
  return { code: code.trim(), items };
}

/** Disposition rules and checklists with their category names, for the settings screen. */
export async function listInspectionSettings(db: RetourDb) {
  const [rules, checklists] = await Promise.all([
    db
      .selectFrom('disposition_rules as d')
      .leftJoin('categories as c', 'c.id', 'd.category_id')
      .select(['d.grade', 'd.category_id', 'c.name as category_name', 'd.disposition', 'd.recovery_bp'])
      .orderBy('d.grade')
      .orderBy('c.name')
      .execute(),
    db
      .selectFrom('inspection_checklists as k')
      .leftJoin('categories as c', 'c.id', 'k.category_id')
      .select(['k.category_id', 'c.name as category_name', 'k.items'])
      .orderBy('c.name')
      .execute(),
  ]);
  return {
    rules: rules.map((r) => ({
      grade: r.grade,
      categoryId: r.category_id,
      categoryName: r.category_name,
      disposition: r.disposition,
      recoveryBp: r.recovery_bp,
    })),
    checklists: checklists.map((k) => ({ categoryId: k.category_id, categoryName: k.category_name, items: k.items })),
  };
}
