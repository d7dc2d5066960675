import type { FastifyReply } from 'fastify';
import type {
  AnalyticsFilters,
  CostsReport,
  DrillDownPage,
  ExperienceReport,
  ForecastReport,
  ProblemProductsReport,
  ProcessingReport,
  ReasonsReport,
  ResolutionsReport,
  ReturnRateReport,
  RoiReport,
} from '../../../app/analytics/analyticsTypes.js';
import { csvRow } from '../../../integrations/csv.js';

/** A report's main table: its columns, and the values of each row in their order. */
interface CsvTable<R> {
  columns: string[];
  rows: (report: R) => unknown[][];
}

/** The table each `format=csv` answers with, per route; the OpenAPI document names it. */
export const CSV_TABLES = {
  'return-rate': {
    columns: [
      'key',
      'label',
      'units_sold',
      'units_returned',
      'unit_rate',
      'value_sold',
      'value_returned',
      'value_rate',
      'currency',
    ],
    rows: (r: ReturnRateReport) =>
      r.rows.map((x) => [
        x.key,
        x.label,
        x.unitsSold,
        x.unitsReturned,
        x.unitRate,
        x.valueSold,
        x.valueReturned,
        x.valueRate,
        r.currency,
      ]),
  },
  reasons: {
    columns: ['code', 'label', 'controllable', 'units', 'share'],
    rows: (r: ReasonsReport) => r.byReason.map((x) => [x.code, x.label, x.controllable, x.units, x.share]),
  },
  resolutions: {
    columns: ['resolution', 'returns', 'units', 'value', 'share', 'currency'],
    rows: (r: ResolutionsReport) => r.byResolution.map((x) => [x.resolution, x.returns, x.units, x.value, x.share, r.currency]),
  },
  costs: {
    columns: ['period', 'label_cost', 'handling_cost', 'net_loss', 'currency'],
    rows: (r: CostsReport) => r.trend.map((x) => [x.period, x.labelCost, x.handlingCost, x.netLoss, r.currency]),
  },
  processing: {
    columns: ['stage', 'count', 'p50_hours', 'p90_hours'],
    rows: (r: ProcessingReport) => r.stages.map((x) => [x.stage, x.count, x.p50Hours, x.p90Hours]),
  },
  experience: {
    columns: ['return_number', 'rating', 'comment', 'created_at'],
    rows: (r: ExperienceReport) => r.comments.map((x) => [x.number, x.rating, x.comment, x.createdAt]),
  },
  'problem-products': {
    columns: [
      'product_id',
      'title',
      'category',
      'units_sold',
      'units_returned',
      'rate',
      'category_rate',
      'z_score',
      'p_value',
      'dominant_reason',
      'dominant_reason_share',
    ],
    rows: (r: ProblemProductsReport) =>
      r.rows.map((x) => [
        x.productId,
        x.title,
        x.category,
        x.unitsSold,
        x.unitsReturned,
        x.rate,
        x.categoryRate,
        x.zScore,
        x.pValue,
        x.dominantReason?.code,
        x.dominantReason?.share,
      ]),
  },
  forecast: {
    columns: ['day', 'warehouse_id', 'warehouse', 'expected_units'],
    rows: (r: ForecastReport) => r.days.map((x) => [x.day, x.warehouseId, x.warehouse, x.expectedUnits]),
  },
  roi: {
    columns: ['figure', 'amount', 'currency'],
    rows: (r: RoiReport) => [
      ['revenue_kept_exchanges', r.revenueKept.exchanges, r.currency],
      ['revenue_kept_credit_spent', r.revenueKept.creditSpent, r.currency],
      ['costs_saved_keep_item', r.costsSaved.keepItem, r.currency],
      ['costs_saved_routing', r.costsSaved.routing, r.currency],
      ['cost_of_returns', r.costOfReturns, r.currency],
      ['roi', r.roi, ''],
    ],
  },
  returns: {
    columns: ['return_id', 'number', 'requested_at', 'status', 'units', 'value', 'reasons'],
    rows: (r: DrillDownPage) =>
      r.items.map((x) => [x.returnId, x.number, x.requestedAt, x.status, x.units, x.value, x.reasons.join(' ')]),
  },
} satisfies Record<string, CsvTable<never>>;

export type CsvReport = keyof typeof CSV_TABLES;

/** What the CSV file of a report holds, for its OpenAPI description. */
export function csvDescription(report: CsvReport): string {
  return `format=csv: one line per row of ${report === 'roi' ? 'the figures' : 'the main table'}, with a header line: ${CSV_TABLES[report].columns.join(', ')}`;
}

/** Sends a report's main table as a CSV file named after the report and its period. */
export function sendCsv<R extends CsvReport>(
  reply: FastifyReply,
  report: R,
  f: Pick<AnalyticsFilters, 'from' | 'to'>,
  answer: Parameters<(typeof CSV_TABLES)[R]['rows']>[0],
): string {
  const table = CSV_TABLES[report] as CsvTable<typeof answer>;
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="retour-${report}-${f.from}-${f.to}.csv"`);
  return [csvRow(table.columns), ...table.rows(answer).map(csvRow)].join('');
}
