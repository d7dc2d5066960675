import { type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ReturnMethod } from '../../domain/policy/vocabulary.js';
import { REFUND_DAYS } from '../../domain/refund.js';
import type { ReturnStatus } from '../../domain/returnLifecycle.js';
import { MONEY_BACK_RESOLUTIONS, type Resolution } from '../../domain/returnLine.js';
import type { ReturnSort } from '../../domain/returnSorts.js';
import { MONEY_DONE_STATUSES } from '../../domain/returnStatus.js';
import { RISK_BANDS, type RiskLevel } from '../../domain/risk/score.js';

export interface ReturnFilters {
  status?: ReturnStatus[];
  onHold?: boolean;
  orderId?: string;
  customerId?: string;
  q?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Reason codes; a parent code matches its children too. */
  reason?: string[];
  /** Channel codes of the order. */
  channel?: string[];
  /** Returns the method (label, qr, pickup, store…). */
  method?: ReturnMethod[];
  source?: string[];
  minValue?: number;
  maxValue?: number;
  risk?: RiskLevel[];
  /** Only returns opened at least this many days before now. */
  minAgeDays?: number;
  /** Only returns whose refund-by date passed with money still owed. */
  refundOverdue?: boolean;
  sort?: ReturnSort;
  cursor?: string;
  limit: number;
}

export type ReturnFilterValues = Omit<ReturnFilters, 'limit' | 'cursor' | 'sort'>;

const DAY_MS = 86_400_000;

/**
 * The queue's filters as one condition on `returns` alone: what they ask of the order, its channel
 * or the customer is a subquery by key, not a join. The list joins those tables for what it shows;
 * the counts per status need none of them and so read no orders or customers at all (joined, every
 * count went through every order of the shop).
 */
export function returnFilterCondition(f: ReturnFilterValues, now: Date): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'returns'>();
  const all: Expression<SqlBool>[] = [];
  if (f.status?.length) all.push(eb('returns.status', 'in', f.status));
  if (f.onHold !== undefined) all.push(eb('returns.on_hold', '=', f.onHold));
  if (f.orderId) all.push(eb('returns.order_id', '=', f.orderId));
  if (f.customerId) all.push(eb('returns.customer_id', '=', f.customerId));
  if (f.createdFrom) all.push(eb('returns.created_at', '>=', new Date(f.createdFrom)));
  if (f.createdTo) all.push(eb('returns.created_at', '<', new Date(f.createdTo)));
  if (f.channel?.length) {
    const codes = f.channel;
    all.push(
      eb.exists(
        eb
          .selectFrom('orders as fo')
          .innerJoin('channels as fc', 'fc.id', 'fo.channel_id')
          .select('fo.id')
          .whereRef('fo.id', '=', 'returns.order_id')
          .where('fc.code', 'in', codes),
      ),
    );
  }
  if (f.method?.length) all.push(eb('returns.method', 'in', f.method));
  if (f.source?.length) all.push(eb('returns.source', 'in', f.source));
  if (f.minValue !== undefined) all.push(eb('returns.value_amount', '>=', f.minValue));
  if (f.maxValue !== undefined) all.push(eb('returns.value_amount', '<=', f.maxValue));
  if (f.minAgeDays !== undefined) all.push(eb('returns.created_at', '<=', new Date(now.getTime() - f.minAgeDays * DAY_MS)));
  if (f.refundOverdue) {
    all.push(
      eb('returns.status', 'not in', MONEY_DONE_STATUSES),
      sql<boolean>`coalesce(returns.withdrawal_declared_at, returns.created_at) + make_interval(days => ${REFUND_DAYS}) < ${now}`,
      eb.exists(
        eb
          .selectFrom('return_lines as orl')
          .select('orl.id')
          .whereRef('orl.return_id', '=', 'returns.id')
          .where('orl.acceptance', '=', 'approved')
          .where('orl.settlement', '!=', 'succeeded')
          .where(sql<Resolution>`coalesce(orl.granted_resolution, orl.requested_resolution)`, 'in', MONEY_BACK_RESOLUTIONS),
      ),
    );
  }
  if (f.risk?.length) {
    const bands = f.risk.map((level) => RISK_BANDS[level]);
    all.push(eb.or(bands.map((b) => eb.and([eb('returns.risk_score', '>=', b.min), eb('returns.risk_score', '<=', b.max)]))));
  }
  if (f.reason?.length) {
    const codes = f.reason;
    all.push(
      eb.exists(
        eb
          .selectFrom('return_lines as frl')
          .innerJoin('reasons as fr', 'fr.id', 'frl.reason_id')
          .leftJoin('reasons as fp', 'fp.id', 'fr.parent_id')
          .select('frl.id')
          .whereRef('frl.return_id', '=', 'returns.id')
          .where((r) => r.or([r('fr.code', 'in', codes), r('fp.code', 'in', codes)])),
      ),
    );
  }
  if (f.q) {
    const term = f.q.trim();
    all.push(
      eb.or([
        eb('returns.number', '=', term.toUpperCase()),
        eb('returns.order_id', 'in', eb.selectFrom('orders as qo').select('qo.id').where('qo.order_number', '=', term)),
        eb(
          'returns.customer_id',
          'in',
          eb.selectFrom('customers as qc').select('qc.id').where('qc.email', '=', term.toLowerCase()),
        ),
        eb('returns.tracking_number', '=', term),
      ]),
    );
  }
  return eb.and(all);
}
