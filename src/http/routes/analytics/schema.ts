import { z } from 'zod';
import {
  DRILL_DIMENSIONS,
  PROCESSING_STAGES,
  RATE_DIMENSIONS,
  RESOLUTIONS_REPORTED,
} from '../../../domain/analytics/vocabulary.js';
import { day, type Wire } from '../common.js';

// Request and response schemas of /api/v1/analytics/...: they mirror src/app/analytics/analyticsTypes.ts
// (the contract the queries answer), which test/analyticsApi.test.ts holds them to.

const reference = z.string().trim().min(1).max(64);

/** The filters every dashboard takes, as query parameters (completed and checked by filtersOf). */
export const filterQuery = {
  from: day.optional().describe("First day (the shop's time zone), inclusive; default 89 days before to (90 days in all)"),
  to: day.optional().describe("Last day (the shop's time zone), inclusive; default today, or 89 days after from"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'a three-letter currency code (ISO 4217), upper case')
    .optional()
    .describe("Figures are for orders in this currency only (default the shop's); others are left out, never converted"),
  channel: reference.optional().describe('A sales channel id'),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code (ISO 3166-1), upper case')
    .optional()
    .describe("The order's shipping country"),
  category: reference.optional().describe('A category id'),
  product: reference.optional().describe('A product id'),
  segment: reference.optional().describe("The customer's segment"),
  warehouse: reference.optional().describe('A warehouse id: returns routed there (sales have no warehouse)'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the main table of the report as a CSV file'),
};

export const filtersOnly = z.strictObject(filterQuery);
export const returnRateQuery = z.strictObject({
  ...filterQuery,
  dimension: z.enum(RATE_DIMENSIONS).default('product').describe('What the rows are per'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Rows at most'),
});
export const reasonsQuery = z.strictObject({
  ...filterQuery,
  groupBy: z.enum(['product', 'category']).default('product'),
  limit: z.coerce.number().int().min(1).max(200).default(20).describe('Products or categories at most'),
});
export const problemProductsQuery = z.strictObject({
  ...filterQuery,
  confidence: z.coerce.number().min(0.5).max(0.999).default(0.95).describe('Of the one-sided test, e.g. 0.95'),
  minUnitsSold: z.coerce.number().int().min(1).max(1_000_000).default(30).describe('Products that sold fewer are not judged'),
  limit: z.coerce.number().int().min(1).max(200).default(25),
});
export const drillDownQuery = z.strictObject({
  ...filterQuery,
  basis: z.enum(['ordered', 'requested']).default('requested').describe('Which date the period means: the order or the request'),
  dimension: z.enum(DRILL_DIMENSIONS).optional().describe('The dimension of the number clicked'),
  key: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Its key (a product id, a reason code, a country…); empty for the row without one ("—")'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const optionsQuery = z.strictObject({
  q: z.string().trim().max(100).optional().describe('Products whose title, handle or id holds this'),
});

/** A report's main table as a CSV file (format=csv). */
export const csvFile = z.string();

const share = z.number().nullable();
const rateFigures = {
  unitsSold: z.number(),
  unitsReturned: z.number(),
  unitRate: share,
  valueSold: z.number(),
  valueReturned: z.number(),
  valueRate: share,
};
const interval = z.enum(['day', 'week', 'month']);

export const returnRateReport = z.object({
  currency: z.string(),
  interval,
  total: z.object(rateFigures),
  dimension: z.enum(RATE_DIMENSIONS),
  rows: z.array(z.object({ ...rateFigures, key: z.string(), label: z.string() })),
  rowsTotal: z.number(),
  trend: z.array(z.object({ ...rateFigures, period: day })),
});

export const reasonsReport = z.object({
  currency: z.string(),
  interval,
  totalUnits: z.number(),
  controllableUnits: z.number(),
  notControllableUnits: z.number(),
  unknownUnits: z.number(),
  byReason: z.array(
    z.object({
      reasonId: z.string().nullable(),
      code: z.string(),
      label: z.string(),
      controllable: z.boolean().nullable(),
      units: z.number(),
      share: z.number(),
    }),
  ),
  groupBy: z.enum(['product', 'category']),
  byGroup: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      units: z.number(),
      reasons: z.array(z.object({ code: z.string(), units: z.number() })),
    }),
  ),
  trend: z.array(
    z.object({
      period: day,
      controllableUnits: z.number(),
      notControllableUnits: z.number(),
      unknownUnits: z.number(),
      byReason: z.record(z.string(), z.number()),
    }),
  ),
  words: z.array(
    z.object({
      code: z.string(),
      comments: z.number(),
      words: z.array(z.object({ word: z.string(), count: z.number() })),
    }),
  ),
});

export const resolutionsReport = z.object({
  currency: z.string(),
  interval,
  byResolution: z.array(
    z.object({
      resolution: z.enum(RESOLUTIONS_REPORTED),
      returns: z.number(),
      units: z.number(),
      value: z.number(),
      share: z.number(),
    }),
  ),
  refunded: z.number(),
  creditIssued: z.number(),
  creditSpent: z.number(),
  exchangeValue: z.number(),
  revenueRetained: z.number(),
  retainedShare: share,
  bonusCost: z.number(),
  trend: z.array(z.object({ period: day, refund: z.number(), store_credit: z.number(), exchange: z.number() })),
});

export const costsReport = z.object({
  currency: z.string(),
  interval,
  returns: z.number(),
  units: z.number(),
  labelCost: z.number(),
  handlingMinutes: z.number(),
  handlingCost: z.number(),
  handlingRatePerHour: z.number(),
  feesCharged: z.number(),
  valueReturned: z.number(),
  valueRecovered: z.number(),
  refunded: z.number(),
  creditIssued: z.number(),
  exchangeValue: z.number().describe('Value of the goods sent as exchanges'),
  netLoss: z.number().describe('refunded + creditIssued + exchangeValue + labelCost + handlingCost − valueRecovered'),
  costPerReturn: z.number().nullable(),
  byDisposition: z.array(z.object({ disposition: z.string(), units: z.number(), value: z.number(), recovered: z.number() })),
  handlingByGrade: z.array(
    z.object({ grade: z.string(), lines: z.number(), medianSeconds: z.number().nullable(), cost: z.number() }),
  ),
  trend: z.array(z.object({ period: day, labelCost: z.number(), handlingCost: z.number(), netLoss: z.number() })),
});

const moment = z.string().describe('ISO 8601 instant');
export const processingReport = z.object({
  stages: z.array(
    z.object({
      stage: z.enum(PROCESSING_STAGES),
      count: z.number(),
      p50Hours: z.number().nullable(),
      p90Hours: z.number().nullable(),
    }),
  ),
  legal: z.object({
    refunds: z.number(),
    withinDeadline: z.number(),
    share,
    late: z.array(
      z.object({
        returnId: z.string(),
        number: z.string(),
        startedAt: moment,
        refundedAt: moment.nullable(),
        days: z.number(),
      }),
    ),
    lateTotal: z.number(),
  }),
});

export const experienceReport = z.object({
  ratings: z.object({
    count: z.number(),
    average: z.number().nullable(),
    distribution: z.array(z.object({ rating: z.number(), count: z.number() })),
  }),
  comments: z.array(
    z.object({ returnId: z.string(), number: z.string(), rating: z.number(), comment: z.string(), createdAt: moment }),
  ),
  repurchase: z.object({
    customers: z.number(),
    within30: z.number(),
    within90: z.number(),
    share30: share,
    share90: share,
  }),
  customerValue: z.object({
    customers: z.number(),
    grossAmount: z.number(),
    returnedAmount: z.number(),
    netAmount: z.number(),
    netPerCustomer: z.number().nullable(),
  }),
  trend: z.array(z.object({ period: day, ratings: z.number(), average: z.number().nullable() })),
  currency: z.string(),
  interval,
});

export const problemProductsReport = z.object({
  test: z.object({ name: z.string(), confidence: z.number(), minUnitsSold: z.number() }),
  rows: z.array(
    z.object({
      productId: z.string(),
      title: z.string(),
      categoryId: z.string().nullable(),
      category: z.string().nullable(),
      unitsSold: z.number(),
      unitsReturned: z.number(),
      rate: z.number(),
      categoryRate: z.number(),
      zScore: z.number(),
      pValue: z.number(),
      qValue: z.number().describe('p-value adjusted by Benjamini–Hochberg across the products tested'),
      dominantReason: z.object({ code: z.string(), label: z.string(), share: z.number() }).nullable(),
      comments: z.array(z.string()),
    }),
  ),
});

export const forecastReport = z.object({
  asOf: day,
  days: z.array(z.object({ day, warehouseId: z.string().nullable(), warehouse: z.string(), expectedUnits: z.number() })),
  backtest: z.array(z.object({ weekStart: day, forecastUnits: z.number(), actualUnits: z.number() })),
  curves: z.array(
    z.object({
      categoryId: z.string().nullable(),
      category: z.string(),
      returnRate: z.number(),
      p50LagDays: z.number().nullable(),
      p90LagDays: z.number().nullable(),
    }),
  ),
});

export const roiReport = z.object({
  currency: z.string(),
  revenueKept: z.object({ exchanges: z.number(), creditSpent: z.number(), total: z.number() }),
  costsSaved: z.object({ keepItem: z.number(), routing: z.number(), total: z.number() }),
  costOfReturns: z.number(),
  roi: z.number().nullable(),
});

export const drillDownPage = z.object({
  items: z.array(
    z.object({
      returnId: z.string(),
      number: z.string(),
      requestedAt: moment,
      status: z.string(),
      units: z.number(),
      value: z.number(),
      reasons: z.array(z.string()),
    }),
  ),
  total: z.number(),
});

const choice = z.object({ value: z.string(), label: z.string() });
export const analyticsOptions = z.object({
  timeZone: z.string(),
  defaultPeriod: z.object({ from: day, to: day }),
  defaultCurrency: z.string(),
  currencies: z.array(z.string()),
  channels: z.array(choice),
  countries: z.array(choice),
  categories: z.array(choice),
  segments: z.array(choice),
  warehouses: z.array(choice),
  products: z.array(choice).describe('At most 20, matching q when given'),
});

const inBoth = z.object({ en: z.string(), nl: z.string() });
export const metricDefinitions = z.object({
  items: z.array(z.object({ key: z.string(), title: inBoth, text: inBoth })),
});

// What the back office reads, as the client reads it.
export type ReturnRateReportWire = Wire<typeof returnRateReport>;
export type ReasonsReportWire = Wire<typeof reasonsReport>;
export type ResolutionsReportWire = Wire<typeof resolutionsReport>;
export type CostsReportWire = Wire<typeof costsReport>;
export type ProcessingReportWire = Wire<typeof processingReport>;
export type ExperienceReportWire = Wire<typeof experienceReport>;
export type ProblemProductsReportWire = Wire<typeof problemProductsReport>;
export type ForecastReportWire = Wire<typeof forecastReport>;
export type RoiReportWire = Wire<typeof roiReport>;
export type DrillDownPageWire = Wire<typeof drillDownPage>;
export type AnalyticsOptionsWire = Wire<typeof analyticsOptions>;
export type MetricDefinitionsWire = Wire<typeof metricDefinitions>;
