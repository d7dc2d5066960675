import { COSTS_DEFINITIONS } from './definitions/costs.js';
import { EXPERIENCE_DEFINITIONS } from './definitions/experience.js';
import { FORECAST_DEFINITIONS } from './definitions/forecast.js';
import { PROBLEM_PRODUCTS_DEFINITIONS } from './definitions/problemProducts.js';
import { PROCESSING_DEFINITIONS } from './definitions/processing.js';
import { REASONS_DEFINITIONS } from './definitions/reasons.js';
import { RESOLUTIONS_DEFINITIONS } from './definitions/resolutions.js';
import { RETURN_RATE_DEFINITIONS } from './definitions/returnRate.js';
import { ROI_DEFINITIONS } from './definitions/roi.js';
import type { MetricDefinition } from './metricDefinition.js';

/** Every dashboard's metric definitions, dashboard by dashboard in the order of the back office's
 * tabs: what `/api/v1/analytics/definitions` answers and the charts show beside them. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  ...RETURN_RATE_DEFINITIONS,
  ...REASONS_DEFINITIONS,
  ...RESOLUTIONS_DEFINITIONS,
  ...COSTS_DEFINITIONS,
  ...PROCESSING_DEFINITIONS,
  ...EXPERIENCE_DEFINITIONS,
  ...PROBLEM_PRODUCTS_DEFINITIONS,
  ...FORECAST_DEFINITIONS,
  ...ROI_DEFINITIONS,
];
