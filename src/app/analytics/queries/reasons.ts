import { type RawBuilder, sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, ReasonsReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, jsonOf, returnLineConditions } from '../factFilters.js';
import { NO_KEY_LABEL } from './returnRate.js';

/** The most frequent words a report shows per reason. */
export const WORDS_PER_REASON = 10;

/** A reason's name: its English label, else any, else its code. */
const reasonLabel = sql<string>`coalesce(r.labels ->> 'en', (select v from jsonb_each_text(r.labels) e(k, v) order by k limit 1))`;

function groupLabel(groupBy: 'product' | 'category'): RawBuilder<string> {
  return groupBy === 'product'
    ? sql<string>`(select p.title from products p where p.id = g.g)`
    : sql<string>`(select c.name from categories c where c.id = g.g)`;
}

interface Row {
  reasons: { code: string; rid: string | null; ctl: boolean | null; units: number; label: string | null }[] | string | null;
  groups: { g: string; label: string | null; units: number; reasons: { code: string; units: number }[] }[] | string | null;
  trend: { b: string; code: string; ctl: boolean | null; units: number }[] | string | null;
  words: { code: string; w: string; c: number }[] | string | null;
  comments: { code: string; c: number }[] | string | null;
}

/**
 * Why things come back, over the counted return lines requested in the period: units per reason
 * and whether the shop could have prevented it (controllable), per product or category, per trend
 * bucket, and the most frequent words of the comments per reason. One statement.
 */
export async function reasonsReport(
  ctx: AppContext,
  f: AnalyticsFilters,
  o: { groupBy: 'product' | 'category'; limit: number },
): Promise<ReasonsReport> {
  const scope = await factScope(ctx, f);
  const group = o.groupBy === 'product' ? 'product_id' : 'category_id';
  // One pass over the lines in scope, grouped four ways at once (per reason; per group; per group
  // and reason; per bucket, reason and mark); a second over those with comment words. The grouping
  // bits say which way a row is grouped (a bit is set for each column left out).
  const { rows } = await sql<Row>`with agg as materialized (
      select code, g, b, ctl, grouping(code, g, b, ctl) as gs, sum(u) as units, max(rid) as rid, bool_or(ctl) as any_ctl,
        count(*) filter (where commented) as commented
      from (select coalesce(l.reason_code, '') as code, coalesce(${sql.ref(`l.${group}`)}, '') as g,
          ${bucketExpr(sql.ref('l.requested_day'), scope.interval)} as b, l.controllable as ctl, l.quantity as u,
          l.reason_id as rid, nullif(btrim(l.comment), '') is not null as commented
        from analytics_return_lines l
        where ${returnLineConditions(scope, 'requested', 'l')} and l.counted) x
      group by grouping sets ((code), (g), (g, code), (b, code, ctl))
    ), groups as (
      select g, units from agg where gs = 11 order by units desc, g limit ${o.limit}
    ), group_reasons as (
      select a.g, json_agg(json_build_object('code', a.code, 'units', a.units) order by a.units desc, a.code) as reasons
      from agg a join groups using (g) where a.gs = 3 group by a.g
    ), words as (
      select code, w, c, row_number() over (partition by code order by c desc, w) as rn
      from (select coalesce(l.reason_code, '') as code, w, count(*) as c
        from analytics_return_lines l, unnest(l.comment_words) as w
        where ${returnLineConditions(scope, 'requested', 'l')} and l.counted and cardinality(l.comment_words) > 0
        group by 1, 2) x
    )
    select
      (select json_agg(json_build_object('code', x.code, 'rid', x.rid, 'ctl', x.any_ctl, 'units', x.units, 'label',
          (select ${reasonLabel} from reasons r where r.id = x.rid))) from agg x where x.gs = 7) as reasons,
      (select json_agg(json_build_object('g', g.g, 'label', ${groupLabel(o.groupBy)}, 'units', g.units, 'reasons', gr.reasons)
          order by g.units desc, g.g) from groups g join group_reasons gr using (g)) as groups,
      (select json_agg(json_build_object('b', b, 'code', code, 'ctl', ctl, 'units', units)) from agg where gs = 4) as trend,
      (select json_agg(json_build_object('code', code, 'w', w, 'c', c) order by code, rn) from words where rn <= ${WORDS_PER_REASON}) as words,
      (select json_agg(json_build_object('code', code, 'c', commented)) from agg where gs = 7 and commented > 0) as comments`.execute(
    scope.db,
  );
  const row = rows[0] as Row;
  return assemble(f, scope.interval, o.groupBy, row);
}

function assemble(
  f: AnalyticsFilters,
  interval: ReasonsReport['interval'],
  groupBy: 'product' | 'category',
  row: Row,
): ReasonsReport {
  const trendRows = jsonOf<Exclude<Row['trend'], string | null>>(row.trend, []);
  let totalUnits = 0;
  let controllableUnits = 0;
  let notControllableUnits = 0;
  const buckets = new Map<string, ReasonsReport['trend'][number]>();
  for (const period of bucketsOf(f.from, f.to, interval))
    buckets.set(period, { period, controllableUnits: 0, notControllableUnits: 0, unknownUnits: 0, byReason: {} });
  for (const t of trendRows) {
    const units = Number(t.units);
    totalUnits += units;
    if (t.ctl === true) controllableUnits += units;
    if (t.ctl === false) notControllableUnits += units;
    const bucket = buckets.get(t.b);
    if (!bucket) continue;
    if (t.ctl === true) bucket.controllableUnits += units;
    else if (t.ctl === false) bucket.notControllableUnits += units;
    else bucket.unknownUnits += units;
    bucket.byReason[t.code] = (bucket.byReason[t.code] ?? 0) + units;
  }
  const byReason = jsonOf<Exclude<Row['reasons'], string | null>>(row.reasons, [])
    .map((r) => ({
      reasonId: r.rid,
      code: r.code,
      label: r.code === '' ? NO_KEY_LABEL : (r.label ?? r.code),
      controllable: r.ctl,
      units: Number(r.units),
      share: totalUnits === 0 ? 0 : Number(r.units) / totalUnits,
    }))
    .sort((a, b) => b.units - a.units || compareText(a.code, b.code));
  const comments = new Map(jsonOf<Exclude<Row['comments'], string | null>>(row.comments, []).map((c) => [c.code, Number(c.c)]));
  const words = new Map<string, { word: string; count: number }[]>();
  for (const w of jsonOf<Exclude<Row['words'], string | null>>(row.words, [])) {
    const list = words.get(w.code) ?? [];
    list.push({ word: w.w, count: Number(w.c) });
    words.set(w.code, list);
  }
  return {
    currency: f.currency,
    interval,
    totalUnits,
    controllableUnits,
    notControllableUnits,
    unknownUnits: totalUnits - controllableUnits - notControllableUnits,
    byReason,
    groupBy,
    byGroup: jsonOf<Exclude<Row['groups'], string | null>>(row.groups, []).map((g) => ({
      key: g.g,
      label: g.g === '' ? NO_KEY_LABEL : (g.label ?? g.g),
      units: Number(g.units),
      reasons: (g.reasons ?? []).map((r) => ({ code: r.code, units: Number(r.units) })),
    })),
    trend: [...buckets.values()],
    words: [...comments.entries()]
      .map(([code, count]) => ({ code, comments: count, words: words.get(code) ?? [] }))
      .sort((a, b) => b.comments - a.comments || compareText(a.code, b.code)),
  };
}

/** Codes compared by their UTF-16 units, the same in every locale. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
