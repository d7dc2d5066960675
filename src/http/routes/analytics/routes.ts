import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AnalyticsFilters, DrillDimension } from '../../../app/analytics/analyticsTypes.js';
import { analyticsOptions } from '../../../app/analytics/options.js';
import { costsReport } from '../../../app/analytics/queries/costs.js';
import { drillDownReturns } from '../../../app/analytics/queries/drillDown.js';
import { experienceReport } from '../../../app/analytics/queries/experience.js';
import { forecastReport } from '../../../app/analytics/queries/forecast.js';
import { problemProductsReport } from '../../../app/analytics/queries/problemProducts.js';
import { processingReport } from '../../../app/analytics/queries/processing.js';
import { reasonsReport } from '../../../app/analytics/queries/reasons.js';
import { resolutionsReport } from '../../../app/analytics/queries/resolutions.js';
import { returnRateReport } from '../../../app/analytics/queries/returnRate.js';
import { roiReport } from '../../../app/analytics/queries/roi.js';
import type { AppContext } from '../../../app/kernel/context.js';
import type { Permission } from '../../../domain/access.js';
import { METRIC_DEFINITIONS } from '../../../domain/analytics/definitions.js';
import { RetourError } from '../../../domain/errors.js';
import { type Principal, principalMay, staff } from '../../access.js';
import { exportOf } from '../../accessLogHook.js';
import { type CsvReport, csvDescription, sendCsv } from './csv.js';
import { filtersOf } from './filters.js';
import * as s from './schema.js';

const tags = ['analytics'];

/** A report's answer: its JSON, or (format=csv) its main table as a CSV file. */
const jsonOrCsv = (report: CsvReport, schema: z.ZodType, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'text/csv': { schema: s.csvFile.describe(csvDescription(report)) },
  },
});

interface ReportRoute<Q, R> {
  summary: string;
  description: string;
  permission: Permission;
  querystring: z.ZodType<Q>;
  response: z.ZodType;
  answer: (f: AnalyticsFilters, q: Q) => Promise<R>;
}

/** Registers a dashboard's route: filters resolved, the query asked, the answer as JSON or CSV. */
function reportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  return <Q extends z.output<typeof s.filtersOnly>, R>(path: CsvReport, options: ReportRoute<Q, R>) => {
    r.get(`/api/v1/analytics/${path}`, {
      schema: {
        tags,
        summary: options.summary,
        description: options.description,
        querystring: options.querystring,
        response: { 200: jsonOrCsv(path, options.response, options.summary) },
      },
      config: { access: staff(options.permission), accessLog: exportOf(`analytics.${path}`) },
      handler: async (req, reply) => {
        const q = req.query as Q;
        const f = await filtersOf(ctx, q);
        const answer = await options.answer(f, q);
        // biome-ignore lint/suspicious/noExplicitAny: each route's table takes its own report's type
        return q.format === 'csv' ? sendCsv(reply, path, f, answer as any) : answer;
      },
    });
  };
}

/**
 * The analytics dashboards' figures: one route per dashboard, each with the same filters (period,
 * currency, channel, country, category, product, segment, warehouse) and a CSV of its main table;
 * the returns behind a number; what the filters offer; and every metric's definition.
 */
export function analyticsRoutes(app: FastifyInstance, ctx: AppContext) {
  const report = reportRoutes(app, ctx);
  salesDashboards(report, ctx);
  customerAndOperationsDashboards(report, ctx);
  drillDownRoute(app, ctx);
  filterRoutes(app, ctx);
}

type Report = ReturnType<typeof reportRoutes>;

/** Return rate, reasons, resolutions, costs and ROI: for those who may read analytics. */
function salesDashboards(report: Report, ctx: AppContext) {
  report('return-rate', {
    summary: 'Return rate in units and value per SKU, product, category, channel, country or segment, with its trend',
    description: 'The period is the order day: of the units ordered in it, those returned since.',
    permission: 'analytics.read',
    querystring: s.returnRateQuery,
    response: s.returnRateReport,
    answer: (f, q) => returnRateReport(ctx, f, { dimension: q.dimension, limit: q.limit }),
  });
  report('reasons', {
    summary: 'Reasons: controllable or not, per product or category, over time, and the words of the comments',
    description: 'The period is the request day.',
    permission: 'analytics.read',
    querystring: s.reasonsQuery,
    response: s.reasonsReport,
    answer: (f, q) => reasonsReport(ctx, f, { groupBy: q.groupBy, limit: q.limit }),
  });
  report('resolutions', {
    summary: 'Resolutions: refund, store credit, exchange; revenue retained and bonus cost',
    description: 'The period is the request day.',
    permission: 'analytics.read',
    querystring: s.filtersOnly,
    response: s.resolutionsReport,
    answer: (f) => resolutionsReport(ctx, f),
  });
  report('costs', {
    summary: 'Cost per return: labels, handling, fees charged, value recovered, net loss',
    description: 'The period is the request day.',
    permission: 'analytics.read',
    querystring: s.filtersOnly,
    response: s.costsReport,
    answer: (f) => costsReport(ctx, f),
  });
  report('roi', {
    summary: 'ROI of the returns programme: revenue kept and costs saved against the cost of returns',
    description: 'The period is the request day.',
    permission: 'analytics.read',
    querystring: s.filtersOnly,
    response: s.roiReport,
    answer: (f) => roiReport(ctx, f),
  });
}

/** Shopper experience and problem products (analytics.read); processing and the forecast (operations). */
function customerAndOperationsDashboards(report: Report, ctx: AppContext) {
  report('processing', {
    summary: 'Processing time per stage (p50, p90) and refunds within the legal 14 days',
    description: 'The period is the request day. Agents may read it.',
    permission: 'analytics.operations',
    querystring: s.filtersOnly,
    response: s.processingReport,
    answer: (f) => processingReport(ctx, f),
  });
  report('experience', {
    summary: 'Shopper experience: ratings and comments, re-purchase after a return, net customer value',
    description: 'The period is the request day (ratings: feedback given in it).',
    permission: 'analytics.read',
    querystring: s.filtersOnly,
    response: s.experienceReport,
    answer: (f) => experienceReport(ctx, f),
  });
  report('problem-products', {
    summary: "Problem products: a return rate significantly above their category's, with the dominant reason and comments",
    description: 'The period is the order day. The test and its confidence are in the answer.',
    permission: 'analytics.read',
    querystring: s.problemProductsQuery,
    response: s.problemProductsReport,
    answer: (f, q) => problemProductsReport(ctx, f, { confidence: q.confidence, minUnitsSold: q.minUnitsSold, limit: q.limit }),
  });
  report('forecast', {
    summary: 'Returns expected per warehouse per day for the next four weeks, and past forecasts against what came',
    description: 'from and to are ignored: the forecast starts today. Agents may read it.',
    permission: 'analytics.operations',
    querystring: s.filtersOnly,
    response: s.forecastReport,
    answer: (f) => forecastReport(ctx, f),
  });
}

/** Rows read per statement when the drill-down is exported whole. */
const CSV_PAGE = 100;

/** The returns behind a number, a page at a time (as CSV: all of them). */
function drillDownRoute(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/analytics/returns', {
    schema: {
      tags,
      summary: 'The returns behind a number: the same filters, plus the dimension and key clicked',
      description:
        'Agents may read the returns behind the operations dashboards (basis=requested, no dimension, or dimension warehouse or late, and no product, segment, category, channel or country filter: 403 ANALYTICS_FILTER_FORBIDDEN); the rest is for analytics.read.',
      querystring: s.drillDownQuery,
      response: { 200: jsonOrCsv('returns', s.drillDownPage, 'A page of returns, newest request first') },
    },
    config: { access: staff('analytics.operations'), accessLog: exportOf('analytics.returns') },
    handler: async (req, reply) => {
      const q = req.query;
      requireDrillDownAccess(req.principal, q);
      const f = await filtersOf(ctx, q);
      const pageAt = (offset: number, limit: number) =>
        drillDownReturns(ctx, f, {
          basis: q.basis,
          ...(q.dimension ? { dimension: q.dimension } : {}),
          // An explicit empty key is the "—" row (no value), which the query opens as such.
          ...(q.key !== undefined ? { key: q.key } : {}),
          limit,
          offset,
        });
      if (q.format !== 'csv') return pageAt(q.offset, q.limit);
      // The CSV holds every return behind the number, read a page at a time from the offset asked.
      const all = await pageAt(q.offset, CSV_PAGE);
      while (all.items.length > 0 && q.offset + all.items.length < all.total) {
        const next = await pageAt(q.offset + all.items.length, CSV_PAGE);
        if (next.items.length === 0) break;
        all.items.push(...next.items);
      }
      return sendCsv(reply, 'returns', f, all);
    },
  });
}

/** What the filters offer, and what each metric means. */
function filterRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/analytics/options', {
    schema: {
      tags,
      summary: 'What the filters offer: currencies, channels, countries, categories, segments, warehouses, products',
      querystring: s.optionsQuery,
      response: { 200: s.analyticsOptions },
    },
    config: { access: staff('analytics.operations') },
    handler: (req) => analyticsOptions(ctx, { ...(req.query.q ? { q: req.query.q } : {}) }),
  });

  r.get('/api/v1/analytics/definitions', {
    schema: {
      tags,
      summary: "Every dashboard metric's definition (formula, what counts, which dates), in English and Dutch",
      response: { 200: s.metricDefinitions },
    },
    config: { access: staff('analytics.operations') },
    handler: () => ({ items: [...METRIC_DEFINITIONS] }),
  });
}

/** The drill-downs of the operations dashboards (the returns requested in the period, by
 * warehouse, or those refunded late): the ones an agent may open. */
const OPERATIONS_DRILL_DOWNS: readonly (DrillDimension | undefined)[] = [undefined, 'warehouse', 'late'];

/** The filters that cut the returns along the analytics.read dimensions. */
const DRILL_DOWN_READ_FILTERS = ['product', 'segment', 'category', 'channel', 'country'] as const;
type DrillDownReadFilter = (typeof DRILL_DOWN_READ_FILTERS)[number];

/** Agents see the returns behind the operations dashboards only; the rest needs analytics.read. */
function requireDrillDownAccess(
  principal: Principal | null,
  q: { basis: string; dimension?: DrillDimension | undefined } & Partial<Record<DrillDownReadFilter, string | undefined>>,
) {
  if (principalMay(principal, 'analytics.read')) return;
  // A filter on a product, segment, category, channel or country opens the same returns a dimension would.
  const filtered = DRILL_DOWN_READ_FILTERS.filter((name) => q[name] !== undefined && q[name] !== '');
  if (filtered.length > 0)
    throw new RetourError(
      'forbidden',
      'ANALYTICS_FILTER_FORBIDDEN',
      `Filtering the returns by ${filtered.join(', ')} is for those who may read analytics`,
      filtered.map((name) => ({ path: `query.${name}`, message: 'needs analytics.read' })),
    );
  if (q.basis === 'requested' && OPERATIONS_DRILL_DOWNS.includes(q.dimension)) return;
  throw new RetourError('forbidden', 'FORBIDDEN', 'The returns behind this figure are for those who may read analytics');
}
