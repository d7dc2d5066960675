import './analytics.css';
import { useMemo } from 'react';
import { can } from '../../access.js';
import { useMe } from '../../session.js';
import { Loaded } from '../../ui/States.js';
import { pushSearch } from './address.js';
import { useOptions } from './analyticsData.js';
import { CostsDashboard } from './CostsDashboard.js';
import { DrillDown } from './DrillDown.js';
import { DASHBOARD_BASIS, type Dashboard } from './dashboards.js';
import { ExperienceDashboard } from './ExperienceDashboard.js';
import { FilterBar } from './FilterBar.js';
import { ForecastDashboard } from './ForecastDashboard.js';
import {
  type DrillChoice,
  FILTER_KEYS,
  type FilterValues,
  OPERATIONS_FILTER_KEYS,
  readDrill,
  readFilters,
  viewSearch,
} from './filters.js';
import { ProblemProductsDashboard } from './ProblemProductsDashboard.js';
import { ProcessingDashboard } from './ProcessingDashboard.js';
import { ReasonsDashboard } from './ReasonsDashboard.js';
import { ResolutionsDashboard } from './ResolutionsDashboard.js';
import { ReturnRateDashboard } from './ReturnRateDashboard.js';
import { RoiDashboard } from './RoiDashboard.js';
import { type AnalyticsView, ViewContext } from './view.js';

const BOARDS: Record<Dashboard, () => React.JSX.Element> = {
  'return-rate': ReturnRateDashboard,
  reasons: ReasonsDashboard,
  resolutions: ResolutionsDashboard,
  costs: CostsDashboard,
  processing: ProcessingDashboard,
  experience: ExperienceDashboard,
  'problem-products': ProblemProductsDashboard,
  forecast: ForecastDashboard,
  roi: RoiDashboard,
};

/**
 * One dashboard with the shared filter bar and, when a number was clicked, the returns behind it.
 * Filters and the open drill-down live in the address (`search`), so a view is a link to share and
 * Back undoes the last change.
 */
export function Dashboards({ dashboard, search }: { dashboard: Dashboard; search: string }) {
  const options = useOptions();
  // Staff who see the operations dashboards only filter by warehouse: the returns behind a number
  // narrowed by product, shopper or market are not theirs to list (the server answers 403).
  const dimensions = can(useMe().role, 'analytics.read');
  const filters = useMemo(() => readFilters(search, dimensions ? FILTER_KEYS : OPERATIONS_FILTER_KEYS), [search, dimensions]);
  const drill = useMemo(() => readDrill(search), [search]);
  const view = useMemo<AnalyticsView>(
    () => ({
      filters,
      currency: filters.currency ?? options.data?.defaultCurrency ?? 'EUR',
      period: {
        from: filters.from ?? options.data?.defaultPeriod.from ?? '0000-01-01',
        to: filters.to ?? options.data?.defaultPeriod.to ?? '9999-12-31',
      },
      openDrill: (choice: DrillChoice) => pushSearch(viewSearch(filters, choice)),
    }),
    [filters, options.data],
  );
  const Board = BOARDS[dashboard];
  const setFilters = (next: FilterValues) => pushSearch(viewSearch(next, null));
  return (
    <ViewContext.Provider value={view}>
      <Loaded state={options}>
        {(o) => <FilterBar filters={filters} options={o} dimensions={dimensions} onChange={setFilters} />}
      </Loaded>
      {drill && (
        <DrillDown
          choice={drill}
          filters={filters}
          basis={DASHBOARD_BASIS[dashboard]}
          currency={view.currency}
          onClose={() => pushSearch(viewSearch(filters, null))}
        />
      )}
      <Board />
    </ViewContext.Provider>
  );
}
