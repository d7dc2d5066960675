import { can } from '../access.js';
import { texts, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { useMe } from '../session.js';
import { useSearch } from './analytics/address.js';
import { Dashboards } from './analytics/Dashboards.js';
import { DASHBOARD_PERMISSION, DASHBOARDS } from './analytics/dashboards.js';
import { filtersOnlySearch } from './analytics/filters.js';

const T = texts({
  en: {
    title: 'Analytics',
    tabs: 'Dashboards',
    'return-rate': 'Return rate',
    reasons: 'Reasons',
    resolutions: 'Resolutions',
    costs: 'Costs',
    processing: 'Processing',
    experience: 'Experience',
    'problem-products': 'Problem products',
    forecast: 'Forecast',
    roi: 'ROI',
  },
  nl: {
    title: 'Analyse',
    tabs: 'Dashboards',
    'return-rate': 'Retourpercentage',
    reasons: 'Redenen',
    resolutions: 'Afhandeling',
    costs: 'Kosten',
    processing: 'Verwerking',
    experience: 'Klantervaring',
    'problem-products': 'Probleemproducten',
    forecast: 'Prognose',
    roi: 'Rendement',
  },
});

/** The analytics section (loaded on its own by App.tsx, with its charting library): one tab per dashboard the role may open, the filters kept across tabs. */
export default function AnalyticsPage({ tab }: { tab: string | null }) {
  const t = useT(T);
  const me = useMe();
  const search = useSearch();
  const tabs = DASHBOARDS.filter((d) => can(me.role, DASHBOARD_PERMISSION[d]));
  const current = tabs.find((d) => d === tab) ?? tabs[0];
  const keep = filtersOnlySearch(search);
  return (
    <>
      <h1>{t.title}</h1>
      <nav className="tabs" aria-label={t.tabs}>
        {tabs.map((d) => (
          <a key={d} {...linkProps(`/analytics/${d}${keep}`)} aria-current={d === current ? 'page' : undefined}>
            {t[d]}
          </a>
        ))}
      </nav>
      {current && <Dashboards dashboard={current} search={search} />}
    </>
  );
}
