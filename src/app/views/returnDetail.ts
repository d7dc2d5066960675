import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { exchangeOrdersOf } from '../exchanges/exchangeOrderQueries.js';
import { presentSettlement } from '../money/settlementQueries.js';
import { listReturnNotes } from '../returns/backofficeQueries.js';
import { baseQuery, loadLines, presentHeader } from '../returns/listReturns.js';
import { repairsOf } from '../returns/repairs/listRepairs.js';
import { listReturnPhotos } from '../returns/returnPhotos.js';

/** One return with its lines, settlements and full timeline. */
/** `withPolicy` adds the policy version and arm that judged the return and each line's full
 * verdict (rules fired, who decided what): for staff, not for shoppers. */
export async function getReturnDetail(
  db: RetourDb,
  returnId: string,
  options: { customerId?: string; withPolicy?: boolean; now?: Date } = {},
) {
  let q = baseQuery(db).where('returns.id', '=', returnId);
  if (options.customerId) q = q.where('returns.customer_id', '=', options.customerId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('Return', returnId);
  const [lines, settlements, events, policy, photos, store, notes, exchanges, repairs] = await Promise.all([
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
    listReturnNotes(db, row.id, { shopperOnly: !options.withPolicy }),
    exchangeOrdersOf(db, row.id),
    repairsOf(db, row.id),
  ]);
  const header = presentHeader(row, lines, options.now ?? new Date());
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
    notes,
    store: store ? { id: store.id, name: store.name, address: store.address, openingHours: store.opening_hours } : null,
    // Shoppers see what they get and when; why a provider call failed is for staff.
    settlements: settlements.map((s) => {
      const view = presentSettlement(s);
      if (options.withPolicy) return view;
      const { lastError: _e, attempts: _a, providerRefundId: _p, ...forShopper } = view;
      return forShopper;
    }),
    // What is sent out instead of money; why a payment link failed is for staff.
    exchangeOrders: exchanges.map((x) => (options.withPolicy ? x : { ...x, payment: { ...x.payment, error: null } })),
    // Repairs under the legal guarantee, from waiting for the item to sent back (or not repairable).
    repairs,
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      // Staff see who did it by name; a shopper's view names no colleague.
      actor: {
        type: e.actor_type,
        id: e.actor_id,
        ...(options.withPolicy ? { name: e.staff_name ?? e.api_key_name ?? e.rule_name ?? null } : {}),
      },
      reason: e.reason,
      data: e.data,
      occurredAt: e.occurred_at.toISOString(),
    })),
  };
}

export type ReturnDetail = Awaited<ReturnType<typeof getReturnDetail>>;
