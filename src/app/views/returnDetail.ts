import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { exchangeOrdersOf } from '../exchanges/exchangeOrderQueries.js';
import { compiledOnce } from '../kernel/compiledOnce.js';
import { presentSettlement } from '../money/settlementQueries.js';
import { platformReturnsOf } from '../platforms/platformReturnsOf.js';
import { listReturnNotes } from '../returns/backofficeQueries.js';
import { baseQuery, loadLinesOfReturn, presentHeader } from '../returns/listReturns.js';
import { repairsOf } from '../returns/repairs/listRepairs.js';
import { listReturnPhotos } from '../returns/returnPhotos.js';

/** The return's header with, for each kind of record only some returns have, whether it has one:
 * the reads of the kinds it has none of are left out (most returns have no notes, photos, exchange
 * orders or repairs). For staff only (a shopper's answer has none of it, so its read is not made
 * for them), also the policy version and arm that judged it, its lines' verdicts, and whether it
 * has feedback or returns on the shop platforms. */
function headerQuery(db: RetourDb, returnId: string, scope: { customerId?: string; forStaff: boolean }) {
  let q = baseQuery(db)
    .select((eb) => [
      eb
        .exists(eb.selectFrom('settlements').select('id').whereRef('settlements.return_id', '=', 'returns.id'))
        .as('has_settlements'),
      eb
        .exists(
          eb
            .selectFrom('return_notes')
            .select('id')
            .whereRef('return_notes.return_id', '=', 'returns.id')
            .$if(!scope.forStaff, (n) => n.where('return_notes.kind', '=', 'shopper')),
        )
        .as('has_notes'),
      eb
        .exists(
          eb
            .selectFrom('return_photos')
            .innerJoin('return_lines', 'return_lines.id', 'return_photos.return_line_id')
            .select('return_photos.id')
            .whereRef('return_lines.return_id', '=', 'returns.id'),
        )
        .as('has_photos'),
      eb
        .exists(eb.selectFrom('exchange_orders').select('id').whereRef('exchange_orders.return_id', '=', 'returns.id'))
        .as('has_exchange_orders'),
      eb.exists(eb.selectFrom('repairs').select('id').whereRef('repairs.return_id', '=', 'returns.id')).as('has_repairs'),
    ])
    .$if(scope.forStaff, (staff) =>
      staff.leftJoin('policy_versions', 'policy_versions.id', 'returns.policy_version').select((eb) => [
        eb
          .exists(eb.selectFrom('return_feedback').select('return_id').whereRef('return_feedback.return_id', '=', 'returns.id'))
          .as('has_feedback'),
        eb
          .exists(eb.selectFrom('platform_returns').select('id').whereRef('platform_returns.return_id', '=', 'returns.id'))
          .as('has_platform_returns'),
        'returns.policy_version',
        'policy_versions.number as policy_version_number',
        'policy_versions.name as policy_version_name',
        'returns.policy_arm',
        'returns.experiment_id',
        sql<
          { id: string; verdict: Record<string, unknown> | null }[] | null
        >`(select json_agg(json_build_object('id', rl.id, 'verdict', rl.verdict))
            from return_lines as rl where rl.return_id = returns.id)`.as('verdicts'),
      ]),
    )
    .where('returns.id', '=', returnId);
  if (scope.customerId) q = q.where('returns.customer_id', '=', scope.customerId);
  return q;
}

// The detail's reads are the same statements on every call but for the return (and the shopper):
// built and compiled once (see compiledOnce), as the receiving station loads a return after each
// step of every parcel.
const staffHeader = compiledOnce((db: RetourDb, returnId: string) => headerQuery(db, returnId, { forStaff: true }));
const shopperHeader = compiledOnce((db: RetourDb, returnId: string, customerId: string) =>
  headerQuery(db, returnId, { customerId, forStaff: false }),
);
const eventsOfReturn = compiledOnce((db: RetourDb, returnId: string) =>
  db
    .selectFrom('events')
    .leftJoin('staff_users', (j) => j.onRef('staff_users.id', '=', 'events.actor_id').on('events.actor_type', '=', 'staff'))
    .leftJoin('api_keys', (j) => j.onRef('api_keys.id', '=', 'events.actor_id').on('events.actor_type', '=', 'api_key'))
    .leftJoin('automation_rules', (j) =>
      j.onRef('automation_rules.id', '=', 'events.actor_id').on('events.actor_type', '=', 'rule'),
    )
    .selectAll('events')
    .select(['staff_users.name as staff_name', 'api_keys.name as api_key_name', 'automation_rules.name as rule_name'])
    .where('events.return_id', '=', returnId)
    .orderBy('events.id'),
);

/** What staff and shoppers both see of a return: its header, lines with their photos, notes
 * (shoppers: only the messages to them), store, settlements, exchange orders, repairs and events. */
async function loadReturn(db: RetourDb, returnId: string, scope: { customerId?: string; forStaff: boolean; now: Date }) {
  const [row] = scope.forStaff
    ? await staffHeader(db, returnId)
    : scope.customerId
      ? await shopperHeader(db, returnId, scope.customerId)
      : await headerQuery(db, returnId, scope).execute();
  if (!row) throw notFound('Return', returnId);
  const [lines, settlements, events, photos, store, notes, exchangeOrders, repairs] = await Promise.all([
    loadLinesOfReturn(db, row.id),
    row.has_settlements ? db.selectFrom('settlements').selectAll().where('return_id', '=', row.id).orderBy('id').execute() : [],
    eventsOfReturn(db, row.id),
    row.has_photos ? listReturnPhotos(db, row.id) : [],
    row.store_id
      ? db
          .selectFrom('warehouses')
          .select(['id', 'name', 'address', 'opening_hours'])
          .where('id', '=', row.store_id)
          .executeTakeFirst()
      : null,
    row.has_notes ? listReturnNotes(db, row.id, { shopperOnly: !scope.forStaff }) : [],
    row.has_exchange_orders ? exchangeOrdersOf(db, row.id) : [],
    row.has_repairs ? repairsOf(db, row.id) : [],
  ]);
  const header = presentHeader(row, lines, scope.now);
  return {
    header: {
      ...header,
      lines: header.lines.map((l) => ({
        ...l,
        photos: photos.filter((p) => p.returnLineId === l.id).map(({ returnLineId: _, ...p }) => p),
      })),
      notes,
      store: store ? { id: store.id, name: store.name, address: store.address, openingHours: store.opening_hours } : null,
    },
    settlements: settlements.map(presentSettlement),
    exchangeOrders,
    // Repairs under the legal guarantee, from waiting for the item to sent back (or not repairable).
    repairs,
    events,
    row,
  };
}

/** One return with its lines, settlements and full timeline, as staff see it: with the policy
 * version and arm that judged the return, each line's full verdict (rules fired, who decided
 * what), the shopper's feedback, and who on the staff did what. */
export async function getReturnDetail(db: RetourDb, returnId: string, options: { now?: Date } = {}) {
  const loaded = await loadReturn(db, returnId, { forStaff: true, now: options.now ?? new Date() });
  const { row } = loaded;
  const [feedback, platformReturns] = await Promise.all([
    row.has_feedback
      ? db
          .selectFrom('return_feedback')
          .select(['rating', 'comment', 'created_at'])
          .where('return_id', '=', returnId)
          .executeTakeFirst()
      : undefined,
    row.has_platform_returns ? platformReturnsOf(db, returnId) : [],
  ]);
  const verdictOf = new Map((row.verdicts ?? []).map((l) => [l.id, l.verdict]));
  return {
    ...loaded.header,
    policy: {
      versionId: row.policy_version ?? null,
      versionNumber: row.policy_version_number ?? null,
      versionName: row.policy_version_name ?? null,
      arm: row.policy_arm ?? null,
      experimentId: row.experiment_id ?? null,
    },
    lines: loaded.header.lines.map((l) => ({ ...l, verdict: verdictOf.get(l.id) ?? null })),
    feedback: feedback
      ? { rating: feedback.rating, comment: feedback.comment, createdAt: feedback.created_at.toISOString() }
      : null,
    settlements: loaded.settlements,
    exchangeOrders: loaded.exchangeOrders,
    repairs: loaded.repairs,
    // Where it lives on the shop platforms its order came from (Shopify's return, a marketplace's).
    platformReturns,
    timeline: loaded.events.map((e) => ({
      id: e.id,
      type: e.type,
      actor: { type: e.actor_type, id: e.actor_id, name: e.staff_name ?? e.api_key_name ?? e.rule_name ?? null },
      reason: e.reason,
      data: e.data,
      occurredAt: e.occurred_at.toISOString(),
    })),
  };
}

export type ReturnDetail = Awaited<ReturnType<typeof getReturnDetail>>;

/** One of a shopper's returns with its lines, settlements and timeline: what they get and when,
 * not why a provider call or a payment link failed, nor which colleague did what. */
export async function getShopperReturnDetail(db: RetourDb, returnId: string, options: { customerId: string; now?: Date }) {
  const loaded = await loadReturn(db, returnId, {
    customerId: options.customerId,
    forStaff: false,
    now: options.now ?? new Date(),
  });
  return {
    ...loaded.header,
    settlements: loaded.settlements.map(({ lastError: _e, attempts: _a, providerRefundId: _p, ...forShopper }) => forShopper),
    exchangeOrders: loaded.exchangeOrders.map((x) => ({ ...x, payment: { ...x.payment, error: null } })),
    repairs: loaded.repairs,
    timeline: loaded.events.map((e) => ({
      id: e.id,
      type: e.type,
      actor: { type: e.actor_type, id: e.actor_id },
      reason: e.reason,
      data: e.data,
      occurredAt: e.occurred_at.toISOString(),
    })),
  };
}
