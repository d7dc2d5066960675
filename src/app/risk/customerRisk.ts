import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { type RiskLevel, riskLevel } from '../../domain/risk/score.js';
import { linkedCustomers } from './linkedCustomers.js';
import { listMatchesOf } from './listMatches.js';
import { entryView, type RiskListEntry } from './riskLists.js';
import { type ExplainedSignal, explainSignals, nameOf, type RiskLocale } from './riskQueries.js';

/** A customer's risk for their page: the latest score, the customers linked to them with theirs
 * ("the score of one shows on the others"), the list entries that match them, and every score of
 * their returns over time. */

export interface CustomerRiskView {
  score: number | null;
  level: RiskLevel | null;
  signals: ExplainedSignal[];
  assessedAt: Date | null;
  linked: { customerId: string; name: string; email: string; via: string[]; score: number | null; blocked: boolean }[];
  lists: RiskListEntry[];
  history: {
    returnId: string;
    number: string;
    stage: 'request' | 'inspection' | 'review';
    score: number;
    level: string;
    createdAt: Date;
  }[];
}

const HISTORY_LIMIT = 200;

export async function getCustomerRisk(
  db: RetourDb,
  now: Date,
  customerId: string,
  locale: RiskLocale,
): Promise<CustomerRiskView> {
  const customer = await db
    .selectFrom('customers')
    .select(['id', 'risk_score', 'risk_signals', 'risk_assessed_at'])
    .where('id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer', customerId);
  const [linked, matches, history] = await Promise.all([
    linkedCustomers(db, customerId, now),
    listMatchesOf(db, customerId, now),
    db
      .selectFrom('risk_assessments as a')
      .innerJoin('returns as r', 'r.id', 'a.return_id')
      .select(['a.return_id', 'r.number', 'a.stage', 'a.score', 'a.level', 'a.created_at'])
      .where('a.customer_id', '=', customerId)
      .orderBy('a.created_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
  ]);
  const linkedIds = linked.map((l) => l.customerId);
  const entryIds = [...matches.block, ...matches.allow].map((m) => m.entryId);
  const [people, entries] = await Promise.all([
    linkedIds.length
      ? db.selectFrom('customers').select(['id', 'first_name', 'last_name', 'email']).where('id', 'in', linkedIds).execute()
      : [],
    entryIds.length
      ? db.selectFrom('risk_list_entries').selectAll().where('id', 'in', entryIds).orderBy('created_at', 'desc').execute()
      : [],
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const assessed = customer.risk_assessed_at !== null;
  return {
    score: assessed ? customer.risk_score : null,
    level: assessed ? riskLevel(customer.risk_score) : null,
    signals: explainSignals(customer.risk_signals, locale),
    assessedAt: customer.risk_assessed_at,
    linked: linked.map((l) => {
      const p = byId.get(l.customerId);
      return {
        customerId: l.customerId,
        name: p ? nameOf(p.first_name, p.last_name, p.email) : l.customerId,
        email: p?.email ?? '',
        via: l.via,
        score: l.score,
        blocked: l.blocked,
      };
    }),
    lists: entries.map((e) => entryView(e, now)),
    history: history.map((h) => ({
      returnId: h.return_id,
      number: h.number,
      stage: h.stage,
      score: h.score,
      level: h.level,
      createdAt: h.created_at,
    })),
  };
}
