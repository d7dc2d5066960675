import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { listReturnPhotos } from './returnPhotos.js';

export interface ReturnFilters {
  status?: string[];
  onHold?: boolean;
  orderId?: string;
  customerId?: string;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  cursor?: string;
  limit: number;
}

const lineColumns = [
  'return_lines.id',
  'return_lines.return_id',
  'return_lines.order_line_id',
  'order_lines.sku',
  'order_lines.title',
  'return_lines.quantity',
  'reasons.code as reason_code',
  'return_lines.comment',
  'return_lines.requested_resolution',
  'return_lines.granted_resolution',
  'return_lines.acceptance',
  'return_lines.acceptance_reason',
  'return_lines.reception',
  'return_lines.quantity_received',
  'return_lines.grade',
  'return_lines.disposition',
  'return_lines.settlement',
  'return_lines.settled_amount',
  'return_lines.eligibility',
  'return_lines.exchange_variant_id',
  'return_lines.exchange_unit_price',
  'exchange_variants.title as exchange_title',
  'exchange_variants.sku as exchange_sku',
] as const;

async function loadLines(db: RetourDb, returnIds: string[]) {
  if (returnIds.length === 0) return [];
  return db
    .selectFrom('return_lines')
    .innerJoin('order_lines', 'order_lines.id', 'return_lines.order_line_id')
    .leftJoin('reasons', 'reasons.id', 'return_lines.reason_id')
    .leftJoin('variants as exchange_variants', 'exchange_variants.id', 'return_lines.exchange_variant_id')
    .select(lineColumns)
    .where('return_lines.return_id', 'in', returnIds)
    .orderBy('return_lines.id')
    .execute();
}

type LineRow = Awaited<ReturnType<typeof loadLines>>[number];

function presentLine(l: LineRow) {
  return {
    id: l.id,
    orderLineId: l.order_line_id,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    reasonCode: l.reason_code,
    comment: l.comment,
    requestedResolution: l.requested_resolution,
    grantedResolution: l.granted_resolution,
    acceptance: l.acceptance,
    acceptanceReason: l.acceptance_reason,
    reception: l.reception,
    quantityReceived: l.quantity_received,
    grade: l.grade,
    disposition: l.disposition,
    settlement: l.settlement,
    settledAmount: l.settled_amount,
    eligibilityCodes: l.eligibility,
    exchange: l.exchange_variant_id
      ? { variantId: l.exchange_variant_id, title: l.exchange_title, sku: l.exchange_sku, unitPrice: l.exchange_unit_price }
      : null,
  };
}

function baseQuery(db: RetourDb) {
  return db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .innerJoin('customers', 'customers.id', 'returns.customer_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.on_hold',
      'returns.hold_reasons',
      'returns.source',
      'returns.method',
      'returns.currency',
      'returns.tracking_number',
      'returns.ship_by',
      'returns.pickup_slot_start',
      'returns.pickup_slot_end',
      'returns.store_id',
      'returns.withdrawal_declared_at',
      'returns.status_reason',
      'returns.created_at',
      'returns.updated_at',
      'returns.order_id',
      'orders.order_number',
      'returns.customer_id',
      'customers.email',
    ]);
}

type HeaderRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function presentHeader(r: HeaderRow, lines: LineRow[]) {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    onHold: r.on_hold,
    holdReasons: r.hold_reasons,
    source: r.source,
    method: r.method,
    currency: r.currency,
    trackingNumber: r.tracking_number,
    shipBy: r.ship_by?.toISOString() ?? null,
    pickupSlot:
      r.pickup_slot_start && r.pickup_slot_end
        ? { start: r.pickup_slot_start.toISOString(), end: r.pickup_slot_end.toISOString() }
        : null,
    storeId: r.store_id,
    withdrawalDeclaredAt: r.withdrawal_declared_at?.toISOString() ?? null,
    statusReason: r.status_reason,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    order: { id: r.order_id, orderNumber: r.order_number },
    customer: { id: r.customer_id, email: r.email },
    lines: lines.filter((l) => l.return_id === r.id).map(presentLine),
  };
}

export type ReturnSummary = ReturnType<typeof presentHeader>;

/** Returns matching the filters, newest first, a page at a time (lines in one extra query). */
export async function listReturns(db: RetourDb, f: ReturnFilters): Promise<Page<ReturnSummary>> {
  let q = baseQuery(db);
  if (f.status?.length) q = q.where('returns.status', 'in', f.status);
  if (f.onHold !== undefined) q = q.where('returns.on_hold', '=', f.onHold);
  if (f.orderId) q = q.where('returns.order_id', '=', f.orderId);
  if (f.customerId) q = q.where('returns.customer_id', '=', f.customerId);
  if (f.createdFrom) q = q.where('returns.created_at', '>=', new Date(f.createdFrom));
  if (f.createdTo) q = q.where('returns.created_at', '<', new Date(f.createdTo));
  if (f.q) {
    const term = f.q.trim();
    q = q.where((eb) =>
      eb.or([
        eb('returns.number', '=', term.toUpperCase()),
        eb('orders.order_number', '=', term),
        eb('customers.email', '=', term.toLowerCase()),
        eb('returns.tracking_number', '=', term),
      ]),
    );
  }
  if (f.cursor) q = q.where('returns.id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('returns.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = toPage(rows, f.limit);
  const lines = await loadLines(
    db,
    page.items.map((r) => r.id),
  );
  return { items: page.items.map((r) => presentHeader(r, lines)), nextCursor: page.nextCursor };
}

/** One return with its lines, settlements and full timeline. */
/** `withPolicy` adds the policy version and arm that judged the return and each line's full
 * verdict (rules fired, who decided what): for staff, not for shoppers. */
export async function getReturnDetail(
  db: RetourDb,
  returnId: string,
  options: { customerId?: string; withPolicy?: boolean } = {},
) {
  let q = baseQuery(db).where('returns.id', '=', returnId);
  if (options.customerId) q = q.where('returns.customer_id', '=', options.customerId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Return', returnId);
  const [lines, settlements, events, policy, photos, store] = await Promise.all([
    loadLines(db, [row.id]),
    db.selectFrom('settlements').selectAll().where('return_id', '=', row.id).orderBy('id').execute(),
    db.selectFrom('events').selectAll().where('return_id', '=', row.id).orderBy('id').execute(),
    options.withPolicy
      ? Promise.all([
          db
            .selectFrom('returns')
            .leftJoin('policy_versions', 'policy_versions.id', 'returns.policy_version')
            .select([
              'returns.policy_version',
              'policy_versions.number',
              'policy_versions.name',
              'returns.policy_arm',
              'returns.experiment_id',
            ])
            .where('returns.id', '=', row.id)
            .executeTakeFirstOrThrow(),
          db.selectFrom('return_lines').select(['id', 'verdict']).where('return_id', '=', row.id).execute(),
          db
            .selectFrom('return_feedback')
            .select(['rating', 'comment', 'created_at'])
            .where('return_id', '=', row.id)
            .executeTakeFirst(),
        ])
      : null,
    listReturnPhotos(db, row.id),
    row.store_id
      ? db
          .selectFrom('warehouses')
          .select(['id', 'name', 'address', 'opening_hours'])
          .where('id', '=', row.store_id)
          .executeTakeFirst()
      : null,
  ]);
  const header = presentHeader(row, lines);
  const withPhotos = <L extends { id: string }>(l: L) => ({
    ...l,
    photos: photos.filter((p) => p.returnLineId === l.id).map(({ returnLineId: _, ...p }) => p),
  });
  const verdicts = new Map(policy?.[1].map((l) => [l.id, l.verdict]) ?? []);
  return {
    ...header,
    ...(policy
      ? {
          policy: {
            versionId: policy[0].policy_version,
            versionNumber: policy[0].number,
            versionName: policy[0].name,
            arm: policy[0].policy_arm,
            experimentId: policy[0].experiment_id,
          },
          lines: header.lines.map((l) => ({ ...withPhotos(l), verdict: verdicts.get(l.id) ?? null })),
          feedback: policy[2]
            ? { rating: policy[2].rating, comment: policy[2].comment, createdAt: policy[2].created_at.toISOString() }
            : null,
        }
      : { lines: header.lines.map(withPhotos) }),
    store: store ? { id: store.id, name: store.name, address: store.address, openingHours: store.opening_hours } : null,
    settlements: settlements.map((s) => ({
      id: s.id,
      kind: s.kind,
      provider: s.provider,
      status: s.status,
      amount: s.amount,
      currency: s.currency,
      reference: s.reference,
      lines: s.lines,
      note: s.note,
      createdAt: s.created_at.toISOString(),
    })),
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      actor: { type: e.actor_type, id: e.actor_id },
      reason: e.reason,
      data: e.data,
      occurredAt: e.occurred_at.toISOString(),
    })),
  };
}

export type ReturnDetail = Awaited<ReturnType<typeof getReturnDetail>>;
