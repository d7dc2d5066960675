import { PERMISSIONS } from '../../domain/access.js';
import { dueReportWeek, type ReportWeek } from '../../domain/analytics/reportWeek.js';
import { addDays } from '../../domain/calendar.js';
import { renderWeeklyReportEmail, type WeeklyReportModel } from '../../domain/email/weeklyReportEmail.js';
import { getShopSettingsCached, type ShopSettings } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { EMAIL_QUEUE } from '../messaging/emails/shipByReminders.js';
import { countReturnsByStatus, listReturns } from '../returns/listReturns.js';
import type { AnalyticsFilters } from './analyticsTypes.js';
import { costsReport } from './queries/costs.js';
import { problemProductsReport } from './queries/problemProducts.js';
import { processingReport } from './queries/processing.js';
import { returnRateReport } from './queries/returnRate.js';

export const WEEKLY_REPORT_KIND = 'analytics_weekly_report';
/** Problem products are judged over the 90 days up to the week's end: a week sells too few units to judge. */
const PROBLEM_PERIOD_DAYS = 90;
const PROBLEMS_LISTED = 5;
const OVERDUE_LISTED = 10;

/** The e-mail of a week's report to one staff member: made once, whoever runs the round. */
export const weeklyReportKey = (weekStart: string, staffUserId: string) => `analytics_weekly:${weekStart}:${staffUserId}`;

/** A week's key figures from the dashboards' own queries, so the e-mail says what the dashboards say. */
async function weekFigures(ctx: AppContext, f: AnalyticsFilters) {
  const [costs, rate, processing] = await Promise.all([
    costsReport(ctx, f),
    returnRateReport(ctx, f, { dimension: 'category', limit: 1 }),
    processingReport(ctx, f),
  ]);
  return {
    returns: costs.returns,
    units: costs.units,
    returnRate: rate.total.unitRate,
    refunded: costs.refunded,
    netLoss: costs.netLoss,
    requestToRefundHours: processing.stages.find((s) => s.stage === 'request_to_refund')?.p50Hours ?? null,
  };
}

/** What the report of a week says: its figures beside the week before's, problem products, overdue refunds. */
export async function weeklyReportModel(ctx: AppContext, shop: ShopSettings, week: ReportWeek): Promise<WeeklyReportModel> {
  const base = { currency: shop.currency };
  const now = ctx.now();
  const [current, previous, problems, overdue, counts] = await Promise.all([
    weekFigures(ctx, { ...base, from: week.from, to: week.to }),
    weekFigures(ctx, { ...base, ...week.previous }),
    problemProductsReport(
      ctx,
      { ...base, from: addDays(week.to, -(PROBLEM_PERIOD_DAYS - 1)), to: week.to },
      { confidence: 0.95, minUnitsSold: 30, limit: PROBLEMS_LISTED },
    ),
    listReturns(ctx.db, { refundOverdue: true, sort: 'oldest', limit: OVERDUE_LISTED }, now),
    countReturnsByStatus(ctx.db, {}, now),
  ]);
  const figures = Object.fromEntries(
    (Object.keys(current) as (keyof typeof current)[]).map((k) => [k, { current: current[k], previous: previous[k] }]),
  ) as WeeklyReportModel['figures'];
  return {
    shop: shop.name,
    currency: shop.currency,
    week: { from: week.from, to: week.to },
    previous: week.previous,
    figures,
    problemProducts: problems.rows.map((p) => ({
      title: p.title,
      rate: p.rate,
      categoryRate: p.categoryRate,
      reason: p.dominantReason?.label ?? null,
    })),
    overdue: overdue.items.map((r) => ({ number: r.number, refundBy: r.refundBy })),
    overdueTotal: counts.refundOverdue,
    adminUrl: ctx.mail.portalUrl ? `${ctx.mail.portalUrl.replace(/\/$/, '')}/admin` : null,
  };
}

/**
 * Queues the weekly report for every chosen staff member who has not had this week's yet, once
 * the week's send moment (shop time zone) has come: one e-mail per week and recipient ever (its
 * dedupe key), rendered now in the recipient's language and sent by the e-mail jobs. Recipients
 * no longer active, or whose role may no longer read analytics, are skipped. Safe to run often
 * and from several processes.
 */
export async function queueWeeklyReports(ctx: AppContext): Promise<{ week: string | null; queued: number }> {
  const [shop, schedule] = await Promise.all([
    getShopSettingsCached(ctx.caches, ctx.db),
    ctx.db.selectFrom('analytics_report_schedule').selectAll().where('id', '=', 'default').executeTakeFirst(),
  ]);
  if (!schedule?.enabled) return { week: null, queued: 0 };
  const week = dueReportWeek(ctx.now(), shop.timezone, schedule);
  if (!week) return { week: null, queued: 0 };
  const chosen = await ctx.db
    .selectFrom('analytics_report_recipients as r')
    .innerJoin('staff_users as s', 's.id', 'r.staff_user_id')
    .select(['s.id', 's.email', 'r.locale'])
    .where('s.active', '=', true)
    .where('s.role', 'in', [...PERMISSIONS['analytics.read']])
    .orderBy('s.id')
    .execute();
  // Those who had this week's already are known by the e-mail's dedupe key.
  const keys = chosen.map((r) => weeklyReportKey(week.from, r.id));
  const sent =
    keys.length === 0 ? [] : await ctx.db.selectFrom('emails').select('dedupe_key').where('dedupe_key', 'in', keys).execute();
  const had = new Set(sent.map((e) => e.dedupe_key));
  const due = chosen.filter((r) => !had.has(weeklyReportKey(week.from, r.id)));
  if (due.length === 0) return { week: week.from, queued: 0 };
  const model = await weeklyReportModel(ctx, shop, week);
  const rendered = { en: renderWeeklyReportEmail('en', model), nl: renderWeeklyReportEmail('nl', model) };
  const queued = await ctx.db.transaction().execute(async (tx) => {
    const now = ctx.now();
    const made = await tx
      .insertInto('emails')
      .values(
        due.map((r) => {
          const lang = r.locale === 'nl' ? 'nl' : 'en';
          const mail = rendered[lang];
          return {
            id: newId('eml'),
            dedupe_key: weeklyReportKey(week.from, r.id),
            kind: WEEKLY_REPORT_KIND,
            return_id: null,
            event_id: null,
            notification_id: null,
            recipient: r.email,
            locale: lang,
            subject: mail.subject,
            html: mail.html,
            text_body: mail.text,
            status: 'pending' as const,
            created_at: now,
            updated_at: now,
          };
        }),
      )
      // Another process queued it meanwhile: it goes once.
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    if (made.length)
      await ctx.jobs.enqueue(
        tx,
        EMAIL_QUEUE,
        made.map((e) => ({ data: { emailId: e.id }, singletonKey: e.id })),
      );
    return made.length;
  });
  return { week: week.from, queued };
}
