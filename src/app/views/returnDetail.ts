import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { exchangeOrdersOf } from '../exchanges/exchangeOrderQueries.js';
import { presentSettlement } from '../money/settlementQueries.js';
import { platformReturnsOf } from '../platforms/platformReturnsOf.js';
import { listReturnNotes } from '../returns/backofficeQueries.js';
import { baseQuery, loadLines, presentHeader } from '../returns/listReturns.js';
import { repairsOf } from '../returns/repairs/listRepairs.js';
import { listReturnPhotos } from '../returns/returnPhotos.js';

/** What staff and shoppers both see of a return: its header, lines with their photos, notes
 * (shoppers: only the messages to them), store, settlements, exchange orders, repairs and events. */
async function loadReturn(db: RetourDb, returnId: string, scope: { customerId?: string; forStaff: boolean; now: Date }) {
  let q = baseQuery(db).where('returns.id', '=', returnId);
  if (scope.customerId) q = q.where('returns.customer_id', '=', scope.customerId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Return', returnId);
  const [lines, settlements, events, photos, store, notes, exchangeOrders, repairs] = await Promise.all([
    loadLines(db, [row.id]),
    db.selectFrom('settlements').selectAll().where('return_id', '=', row.id).orderBy('id').execute(),
    db
      .selectFrom('events')
      .leftJoin('staff_users', (j) => j.onRef('staff_users.id', '=', 'events.actor_id').on('events.actor_type', '=', 'staff'))
      .leftJoin('api_keys', (j) => j.onRef('api_keys.id', '=', 'events.actor_id').on('events.actor_type', '=', 'api_key'))
      .leftJoin('automation_rules', (j) =>
        j.onRef('automation_rules.id', '=', 'events.actor_id').on('events.actor_type', '=', 'rule'),
      )
      .selectAll('events')
      .select(['staff_users.name as staff_name', 'api_keys.name as api_key_name', 'automation_rules.name as rule_name'])
      .where('events.return_id', '=', row.id)
      .orderBy('events.id')
      .execute(),
    listReturnPhotos(db, row.id),
    row.store_id
      ? db
          .selectFrom('warehouses')
          .select(['id', 'name', 'address', 'opening_hours'])
          .where('id', '=', row.store_id)
          .executeTakeFirst()
      : null,
    listReturnNotes(db, row.id, { shopperOnly: !scope.forStaff }),
    exchangeOrdersOf(db, row.id),
    repairsOf(db, row.id),
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
  };
}

/** One return with its lines, settlements and full timeline, as staff see it: with the policy
 * version and arm that judged the return, each line's full verdict (rules fired, who decided
 * what), the shopper's feedback, and who on the staff did what. */
export async function getReturnDetail(db: RetourDb, returnId: string, options: { now?: Date } = {}) {
  const [loaded, policy, verdicts, feedback, platformReturns] = await Promise.all([
    loadReturn(db, returnId, { forStaff: true, now: options.now ?? new Date() }),
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
      .where('returns.id', '=', returnId)
      .executeTakeFirst(),
    db.selectFrom('return_lines').select(['id', 'verdict']).where('return_id', '=', returnId).execute(),
    db
      .selectFrom('return_feedback')
      .select(['rating', 'comment', 'created_at'])
      .where('return_id', '=', returnId)
      .executeTakeFirst(),
    platformReturnsOf(db, returnId),
  ]);
  const verdictOf = new Map(verdicts.map((l) => [l.id, l.verdict]));
  return {
    ...loaded.header,
    policy: {
      versionId: policy?.policy_version ?? null,
      versionNumber: policy?.number ?? null,
      versionName: policy?.name ?? null,
      arm: policy?.policy_arm ?? null,
      experimentId: policy?.experiment_id ?? null,
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
