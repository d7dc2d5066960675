/** The names the analytics dashboards use: what a return rate is broken down by, the resolutions
 * and processing stages reported, and what a drill-down may be asked for. Kept in the domain so the
 * API's schemas and the back office read the same lists as the queries (src/app/analytics/analyticsTypes.ts). */

export const RATE_DIMENSIONS = ['sku', 'product', 'category', 'channel', 'country', 'segment'] as const;
export type RateDimension = (typeof RATE_DIMENSIONS)[number];

export const RESOLUTIONS_REPORTED = ['refund', 'store_credit', 'exchange', 'repair', 'other'] as const;

export const PROCESSING_STAGES = ['approval', 'first_scan', 'receipt', 'inspection', 'refund', 'request_to_refund'] as const;
export type ProcessingStage = (typeof PROCESSING_STAGES)[number];

export const DRILL_DIMENSIONS = [
  'sku',
  'product',
  'category',
  'channel',
  'country',
  'segment',
  'reason',
  'resolution',
  'disposition',
  'grade',
  'warehouse',
  'late',
] as const;
export type DrillDimension = (typeof DRILL_DIMENSIONS)[number];
