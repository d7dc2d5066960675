import type {
  analyticsOptions,
  costsReport,
  drillDownPage,
  experienceReport,
  forecastReport,
  metricDefinitions,
  problemProductsReport,
  processingReport,
  reasonsReport,
  resolutionsReport,
  returnRateReport,
  roiReport,
} from '../../../../../src/http/routes/analytics/schema.js';
import type { Wire } from '../../../../../src/http/routes/common.js';

// The dashboards' answers as the API declares them (src/http/routes/analytics/schema.ts).
export type ReturnRateReport = Wire<typeof returnRateReport>;
export type ReasonsReport = Wire<typeof reasonsReport>;
export type ResolutionsReport = Wire<typeof resolutionsReport>;
export type CostsReport = Wire<typeof costsReport>;
export type ProcessingReport = Wire<typeof processingReport>;
export type ExperienceReport = Wire<typeof experienceReport>;
export type ProblemProductsReport = Wire<typeof problemProductsReport>;
export type ForecastReport = Wire<typeof forecastReport>;
export type RoiReport = Wire<typeof roiReport>;
export type DrillDownPage = Wire<typeof drillDownPage>;
export type AnalyticsOptions = Wire<typeof analyticsOptions>;
export type MetricDefinition = Wire<typeof metricDefinitions>['items'][number];
export type Choice = AnalyticsOptions['channels'][number];
