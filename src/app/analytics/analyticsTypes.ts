import type { TrendInterval } from '../../domain/analytics/intervals.js';
import type { DrillDimension, ProcessingStage, RateDimension, RESOLUTIONS_REPORTED } from '../../domain/analytics/vocabulary.js';

/**
 * What the analytics dashboards ask and answer: one contract shared by the queries, the
 * `/api/v1/analytics/...` routes (whose zod schemas mirror it), the weekly report and the back office.
 * Money is in minor units of `currency`; rates are shares 0..1 (null when nothing was sold);
 * durations are hours; days are 'YYYY-MM-DD' in the shop's time zone.
 */

/** Filters every dashboard takes. `from`/`to` are inclusive days; which date they apply to is said per dashboard. */
export interface AnalyticsFilters {
  from: string;
  to: string;
  /** Figures are for orders in one currency; defaults to the shop's. */
  currency: string;
  channelId?: string;
  country?: string;
  categoryId?: string;
  productId?: string;
  segment?: string;
  /** Applies to returns (where they are routed); sales have no warehouse. */
  warehouseId?: string;
}

// The lists live in the domain, where the API's schemas and the back office can read them too.
export { DRILL_DIMENSIONS, PROCESSING_STAGES, RATE_DIMENSIONS, RESOLUTIONS_REPORTED } from '../../domain/analytics/vocabulary.js';
/** Trend buckets: chosen from the period's length (≤ 31 days: day, ≤ 182: week starting Monday, else month). */
export type { DrillDimension, ProcessingStage, RateDimension, TrendInterval };

export interface RateFigures {
  unitsSold: number;
  unitsReturned: number;
  /** unitsReturned ÷ unitsSold; null when nothing was sold. */
  unitRate: number | null;
  valueSold: number;
  valueReturned: number;
  valueRate: number | null;
}

/** Return rate: of the units ordered in the period (order date), those returned since (counted lines). */
export interface ReturnRateReport {
  currency: string;
  interval: TrendInterval;
  total: RateFigures;
  dimension: RateDimension;
  /** One row per key of the dimension, most units returned first. */
  rows: (RateFigures & { key: string; label: string })[];
  rowsTotal: number;
  trend: (RateFigures & { period: string })[];
}

export interface ReasonsReport {
  currency: string;
  interval: TrendInterval;
  /** Counted return lines requested in the period. */
  totalUnits: number;
  controllableUnits: number;
  notControllableUnits: number;
  /** Lines without a reason. */
  unknownUnits: number;
  byReason: {
    reasonId: string | null;
    code: string;
    label: string;
    controllable: boolean | null;
    units: number;
    share: number;
  }[];
  /** Per product or category (the `groupBy` asked), its units per reason code, most returned first. */
  groupBy: 'product' | 'category';
  byGroup: { key: string; label: string; units: number; reasons: { code: string; units: number }[] }[];
  trend: {
    period: string;
    controllableUnits: number;
    notControllableUnits: number;
    unknownUnits: number;
    byReason: Record<string, number>;
  }[];
  /** Per reason, the comments' most frequent words. */
  words: { code: string; comments: number; words: { word: string; count: number }[] }[];
}

export interface ResolutionsReport {
  currency: string;
  interval: TrendInterval;
  byResolution: {
    resolution: (typeof RESOLUTIONS_REPORTED)[number];
    returns: number;
    units: number;
    value: number;
    share: number;
  }[];
  refunded: number;
  creditIssued: number;
  creditSpent: number;
  exchangeValue: number;
  /** exchangeValue + creditSpent. */
  revenueRetained: number;
  /** revenueRetained ÷ value of the counted lines. */
  retainedShare: number | null;
  bonusCost: number;
  trend: { period: string; refund: number; store_credit: number; exchange: number }[];
}

export interface CostsReport {
  currency: string;
  interval: TrendInterval;
  returns: number;
  units: number;
  labelCost: number;
  handlingMinutes: number;
  handlingCost: number;
  /** The handling rate used (minor units per hour, a shop setting). */
  handlingRatePerHour: number;
  feesCharged: number;
  valueReturned: number;
  valueRecovered: number;
  refunded: number;
  creditIssued: number;
  /** Value of the goods sent as exchanges for these lines. */
  exchangeValue: number;
  /** refunded + creditIssued + exchangeValue + labelCost + handlingCost − valueRecovered. Refunds and
   * credit are already net of feesCharged, which is shown on its own and not subtracted again.
   * handlingCost is rounded once for the period; its shares per grade and per trend bucket are
   * split by largest remainder, so they and the buckets' net losses add up to the totals. */
  netLoss: number;
  costPerReturn: number | null;
  byDisposition: { disposition: string; units: number; value: number; recovered: number }[];
  handlingByGrade: { grade: string; lines: number; medianSeconds: number | null; cost: number }[];
  trend: { period: string; labelCost: number; handlingCost: number; netLoss: number }[];
}

export interface ProcessingReport {
  stages: { stage: ProcessingStage; count: number; p50Hours: number | null; p90Hours: number | null }[];
  /** EU refund deadline: 14 days from the withdrawal (or request) to the refund. */
  legal: {
    refunds: number;
    withinDeadline: number;
    share: number | null;
    /** Refunded late, or still unpaid past the deadline (refundedAt null), oldest first (at most 100). */
    late: { returnId: string; number: string; startedAt: string; refundedAt: string | null; days: number }[];
    lateTotal: number;
  };
}

export interface ExperienceReport {
  ratings: { count: number; average: number | null; distribution: { rating: number; count: number }[] };
  comments: { returnId: string; number: string; rating: number; comment: string; createdAt: string }[];
  repurchase: { customers: number; within30: number; within90: number; share30: number | null; share90: number | null };
  customerValue: {
    customers: number;
    grossAmount: number;
    returnedAmount: number;
    netAmount: number;
    netPerCustomer: number | null;
  };
  trend: { period: string; ratings: number; average: number | null }[];
  currency: string;
  interval: TrendInterval;
}

export interface ProblemProductsReport {
  /** How a product is judged: a one-sided test of its return rate against its category's. */
  test: { name: string; confidence: number; minUnitsSold: number };
  rows: {
    productId: string;
    title: string;
    categoryId: string | null;
    category: string | null;
    unitsSold: number;
    unitsReturned: number;
    rate: number;
    categoryRate: number;
    zScore: number;
    pValue: number;
    /** The p-value adjusted by Benjamini–Hochberg across the products tested; listed when < 1 − confidence. */
    qValue: number;
    dominantReason: { code: string; label: string; share: number } | null;
    comments: string[];
  }[];
}

export interface ForecastReport {
  /** The first forecast day (today in the shop's time zone). */
  asOf: string;
  days: { day: string; warehouseId: string | null; warehouse: string; expectedUnits: number }[];
  /** Past weeks: what the forecast made at each week's start expected, against what came. */
  backtest: { weekStart: string; forecastUnits: number; actualUnits: number }[];
  curves: {
    categoryId: string | null;
    category: string;
    returnRate: number;
    p50LagDays: number | null;
    p90LagDays: number | null;
  }[];
}

export interface RoiReport {
  currency: string;
  revenueKept: { exchanges: number; creditSpent: number; total: number };
  costsSaved: { keepItem: number; routing: number; total: number };
  costOfReturns: number;
  /** (revenueKept.total + costsSaved.total) ÷ costOfReturns. */
  roi: number | null;
}

/** The returns behind a number: same filters, plus the dimension and key clicked, and which date the period means. */
export interface DrillDownQuery {
  basis: 'ordered' | 'requested';
  dimension?: DrillDimension;
  key?: string;
  limit: number;
  offset: number;
}
export interface DrillDownPage {
  items: {
    returnId: string;
    number: string;
    requestedAt: string;
    status: string;
    units: number;
    value: number;
    reasons: string[];
  }[];
  total: number;
}

/** A metric's definition in plain words (kept in the domain, whose definitions modules hold them). */
export type { MetricDefinition } from '../../domain/analytics/metricDefinition.js';
