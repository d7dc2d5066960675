import { type RawBuilder, sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, ReasonsReport } from '../analyticsTypes.js';
import { bucketExpr, type FactScope, factScope, jsonOf } from '../factFilters.js';
import { countedLineConditions, idOfKey } from '../narrowFacts.js';
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

interface UnitsRow {
  reasons: { code: string; rid: string | null; ctl: boolean | null; units: number; label: string | null }[] | string | null;
  groups: { g: string; label: string | null; units: number; reasons: { code: string; units: number }[] }[] | string | null;
  trend: { b: string; code: string; ctl: boolean | null; units: number }[] | string | null;
}

interface CommentsRow {
  words: { code: string; w: string; c: number }[] | string | null;
  comments: { code: string; c: number }[] | string | null;
}

type Row = UnitsRow & CommentsRow;

/**
 * Why things come back, over the counted return lines requested in the period: units per reason
 * and whether the shop could have prevented it (controllable), per product or category, per trend
 * bucket, and the most frequent words of the comments per reason. Two statements over the narrow
 * analytics_counted_lines, run side by side on two connections (the embedded database runs them one
 * after the other): the units, and the comments' words.
 */
export async function reasonsReport(
  ctx: AppContext,
  f: AnalyticsFilters,
  o: { groupBy: 'product' | 'category'; limit: number },
): Promise<ReasonsReport> {
  const scope = await factScope(ctx, f);
  const [units, comments] = await Promise.all([unitsOf(scope, o), commentsOf(scope)]);
  return assemble(f, scope.interval, o.groupBy, { ...units, ...comments });
}

/** grouping(code, rkey, ctl, d, g) of agg's rows per reason, mark and day (g left out)… */
const BY_DAY = 1;
/** …and of those per group and reason (rkey, ctl and d left out). */
const BY_GROUP = 8 + 4 + 2;

/**
 * The units of the counted lines in scope, from analytics_counted_lines in one scan grouped two
 * ways on integer keys and the raw day (grouping sets do not run in parallel, but a second scan of
 * the period's lines costs more than the worker it would save): per reason code, reason key,
 * controllable and request day — a few thousand rows a year, which then give the reasons and the
 * trend's buckets — and per group key (product or category) and reason code. Only the reasons'
 * keys and the top groups' are read back as ids.
 */
async function unitsOf(scope: FactScope, o: { groupBy: 'product' | 'category'; limit: number }): Promise<UnitsRow> {
  const group = sql.ref(`l.${o.groupBy}_key`);
  const code = sql`coalesce(l.reason_code, '')`;
  const { rows } = await sql<UnitsRow>`with agg as materialized (
      select ${code} as code, l.reason_key as rkey, l.controllable as ctl, l.requested_day as d, ${group} as g,
        grouping(${code}, l.reason_key, l.controllable, l.requested_day, ${group}) as gs, sum(l.quantity) as units
      from analytics_counted_lines l
      where ${countedLineConditions(scope, 'requested', 'l')}
      group by grouping sets ((${code}, l.reason_key, l.controllable, l.requested_day), (${group}, ${code}))
    ), reason_keys as (
      select code, ${idOfKey(sql.ref('rkey'))} as rid, bool_or(ctl) as ctl, sum(units) as units
      from agg where gs = ${sql.lit(BY_DAY)} group by code, rkey
    ), group_units as (
      select g, sum(units) as units from agg where gs = ${sql.lit(BY_GROUP)} group by g
      order by units desc fetch first (${o.limit}) rows with ties
    ), groups as (
      -- Ties on units are broken by the group's id: the keys tied at the cut are all read back first.
      select g as gkey, coalesce(${idOfKey(sql.ref('g'))}, '') as g, units from group_units order by units desc, 2 limit ${o.limit}
    ), group_reasons as (
      -- Joined on the key or 0 for none (keys count from 1), so that up to 200 groups are one hash join.
      select g.gkey, json_agg(json_build_object('code', a.code, 'units', a.units) order by a.units desc, a.code) as reasons
      from groups g join agg a on a.gs = ${sql.lit(BY_GROUP)} and coalesce(a.g, 0) = coalesce(g.gkey, 0)
      group by g.gkey
    )
    select
      (select json_agg(json_build_object('code', x.code, 'rid', x.rid, 'ctl', x.ctl, 'units', x.units, 'label',
          (select ${reasonLabel} from reasons r where r.id = x.rid)))
        from (select code, max(rid) as rid, bool_or(ctl) as ctl, sum(units) as units from reason_keys group by code) x) as reasons,
      (select json_agg(json_build_object('g', g.g, 'label', ${groupLabel(o.groupBy)}, 'units', g.units, 'reasons', gr.reasons)
          order by g.units desc, g.g) from groups g join group_reasons gr on gr.gkey is not distinct from g.gkey) as groups,
      (select json_agg(json_build_object('b', b, 'code', code, 'ctl', ctl, 'units', units))
        from (select ${bucketExpr(sql.ref('d'), scope.interval)} as b, code, ctl, sum(units) as units
          from agg where gs = ${sql.lit(BY_DAY)} group by 1, 2, 3) t) as trend`.execute(scope.db);
  return rows[0] as UnitsRow;
}

/**
 * Per reason code, how many counted lines in scope have a comment and the words most of them
 * carry, from analytics_counted_lines (which keeps whether a line has a comment, and its words) in
 * one parallel pass: each line's words are counted with, as the word null, a mark for its having a
 * comment. It runs beside the units' statement, on a connection of its own.
 */
async function commentsOf(scope: FactScope): Promise<CommentsRow> {
  const { rows } = await sql<CommentsRow>`with word_counts as materialized (
      select coalesce(l.reason_code, '') as code, w, count(*) as c
      from analytics_counted_lines l,
        unnest(case when l.commented then array_prepend(null, l.comment_words) else l.comment_words end) as w
      where ${countedLineConditions(scope, 'requested', 'l')}
        -- Most lines have neither: they are left out before the unnest.
        and (l.comment_words is not null or l.commented)
      group by 1, 2
    ), words as (
      select code, w, c, row_number() over (partition by code order by c desc, w) as rn from word_counts where w is not null
    )
    select
      (select json_agg(json_build_object('code', code, 'w', w, 'c', c) order by code, rn) from words where rn <= ${WORDS_PER_REASON}) as words,
      (select json_agg(json_build_object('code', code, 'c', c)) from word_counts where w is null) as comments`.execute(scope.db);
  return rows[0] as CommentsRow;
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
