import { addDays } from '../../../../../src/domain/calendar.js';
import { day, texts, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ForecastReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { useView } from './view.js';

const T = texts({
  en: {
    expected: 'Returns expected per warehouse, next four weeks',
    asOf: 'From {day}; the period filter does not apply to a forecast.',
    warehouse: 'Warehouse',
    week: 'Week from {day}',
    total: 'Four weeks',
    backtest: 'Past weeks: forecast against what came',
    weekStart: 'Week from',
    forecast: 'Forecast',
    actual: 'Came',
    curves: 'Return curves per category',
    category: 'Category',
    rate: 'Return rate',
    p50: 'Half back within (days)',
    p90: '9 in 10 back within (days)',
  },
  nl: {
    expected: 'Verwachte retouren per magazijn, komende vier weken',
    asOf: 'Vanaf {day}; het periodefilter geldt niet voor een prognose.',
    warehouse: 'Magazijn',
    week: 'Week vanaf {day}',
    total: 'Vier weken',
    backtest: 'Afgelopen weken: prognose tegen wat kwam',
    weekStart: 'Week vanaf',
    forecast: 'Prognose',
    actual: 'Gekomen',
    curves: 'Retourcurves per categorie',
    category: 'Categorie',
    rate: 'Retourpercentage',
    p50: 'Helft terug binnen (dagen)',
    p90: '9 op de 10 terug binnen (dagen)',
  },
});

/** Returns expected per warehouse per day for four weeks, with past weeks' forecasts against what came. */
export function ForecastDashboard() {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const state = useReport<ForecastReport>('forecast', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => (
        <>
          <Expected report={r} />
          <ChartCard
            title={t.backtest}
            definitions={['forecast.backtest']}
            chart={
              <Chart
                title={t.backtest}
                spec={{
                  categories: r.backtest.map((b) => day(b.weekStart, fmt.lang)),
                  series: [
                    { name: t.forecast, values: r.backtest.map((b) => b.forecastUnits) },
                    { name: t.actual, values: r.backtest.map((b) => b.actualUnits), kind: 'line' },
                  ],
                  format: [fmt.decimal],
                }}
              />
            }
          >
            <TableCard headers={[t.weekStart, t.forecast, t.actual]}>
              {r.backtest.map((b) => (
                <tr key={b.weekStart}>
                  <td>{day(b.weekStart, fmt.lang)}</td>
                  <td className="num">{fmt.decimal(b.forecastUnits)}</td>
                  <td className="num">{fmt.count(b.actualUnits)}</td>
                </tr>
              ))}
            </TableCard>
          </ChartCard>
          <ChartCard title={t.curves} definitions={['forecast.curves']}>
            {r.curves.length === 0 ? (
              <Empty>{a.empty}</Empty>
            ) : (
              <TableCard headers={[t.category, t.rate, t.p50, t.p90]}>
                {r.curves.map((c) => (
                  <tr key={c.categoryId ?? ''}>
                    <td>{c.category}</td>
                    <td className="num">{fmt.share(c.returnRate)}</td>
                    <td className="num">{fmt.decimal(c.p50LagDays)}</td>
                    <td className="num">{fmt.decimal(c.p90LagDays)}</td>
                  </tr>
                ))}
              </TableCard>
            )}
          </ChartCard>
        </>
      )}
    </ReportLoaded>
  );
}

/** The next four weeks: a bar per day stacked by warehouse, and a table of each warehouse's weeks. */
function Expected({ report: r }: { report: ForecastReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const days = [...new Set(r.days.map((d) => d.day))].sort();
  const warehouses = [...new Map(r.days.map((d) => [d.warehouseId ?? '', d.warehouse])).entries()];
  const expected = new Map(r.days.map((d) => [`${d.warehouseId ?? ''}|${d.day}`, d.expectedUnits]));
  const weeks = [0, 1, 2, 3].map((w) => addDays(r.asOf, w * 7));
  const inWeek = (wh: string, start: string) =>
    days.filter((d) => d >= start && d < addDays(start, 7)).reduce((s, d) => s + (expected.get(`${wh}|${d}`) ?? 0), 0);
  const chart = (
    <Chart
      title={t.expected}
      spec={{
        categories: days.map((d) => day(d, fmt.lang)),
        series: warehouses.map(([id, name]) => ({
          name,
          values: days.map((d) => expected.get(`${id}|${d}`) ?? 0),
          stack: 'units',
        })),
        format: [fmt.decimal],
      }}
    />
  );
  return (
    <ChartCard title={t.expected} csv={csvHref('forecast', filters)} definitions={['forecast.expected']} chart={chart}>
      <p className="muted">{t.asOf.replace('{day}', day(r.asOf, fmt.lang))}</p>
      {warehouses.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.warehouse, ...weeks.map((w) => t.week.replace('{day}', day(w, fmt.lang))), t.total]}>
          {warehouses.map(([id, name]) => (
            <tr key={id}>
              <td>{name}</td>
              {weeks.map((w) => (
                <td key={w} className="num">
                  {fmt.decimal(inWeek(id, w))}
                </td>
              ))}
              <td className="num">{fmt.decimal(weeks.reduce((s, w) => s + inWeek(id, w), 0))}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}
