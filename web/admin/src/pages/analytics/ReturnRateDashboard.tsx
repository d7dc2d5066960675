import { type Dispatch, type SetStateAction, useState } from 'react';
import { RATE_DIMENSIONS, type RateDimension } from '../../../../../src/domain/analytics/vocabulary.js';
import { texts, useLang, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { DIMENSION_LABELS, useCountryName, useSegmentLabel } from './analyticsLabels.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ReturnRateReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { TrendCard } from './TrendCard.js';
import { useView } from './view.js';

const T = texts({
  en: {
    overview: 'Return rate of the units ordered in the period',
    trend: 'Return rate over time (by order date)',
    byDimension: 'Return rate per {dimension}',
    dimension: 'Per',
    unitsSold: 'Units sold',
    unitsReturned: 'Units returned',
    unitRate: 'Rate (units)',
    valueSold: 'Value sold',
    valueReturned: 'Value returned',
    valueRate: 'Rate (value)',
    shownOf: '{shown} of {total} shown, most units returned first',
  },
  nl: {
    overview: 'Retourpercentage van de in de periode bestelde stuks',
    trend: 'Retourpercentage door de tijd (op besteldatum)',
    byDimension: 'Retourpercentage per {dimension}',
    dimension: 'Per',
    unitsSold: 'Stuks verkocht',
    unitsReturned: 'Stuks geretourneerd',
    unitRate: 'Percentage (stuks)',
    valueSold: 'Waarde verkocht',
    valueReturned: 'Waarde geretourneerd',
    valueRate: 'Percentage (waarde)',
    shownOf: '{shown} van {total} getoond, meest geretourneerd eerst',
  },
});

const ROWS = 25;

/** Return rate in units and value per SKU, product, category, channel, country or segment, with its trend. */
export function ReturnRateDashboard() {
  const t = useT(T);
  const fmt = useFormat();
  const { filters } = useView();
  const [dimension, setDimension] = useState<RateDimension>('product');
  const state = useReport<ReturnRateReport>('return-rate', filters, { dimension, limit: ROWS });
  return (
    <ReportLoaded state={state}>
      {(r) => (
        <>
          <section className="card" aria-label={t.overview}>
            <KeyFigures
              figures={[
                [t.unitsSold, fmt.count(r.total.unitsSold)],
                [t.unitsReturned, fmt.count(r.total.unitsReturned)],
                [t.unitRate, fmt.share(r.total.unitRate)],
                [t.valueSold, fmt.money(r.total.valueSold, r.currency)],
                [t.valueReturned, fmt.money(r.total.valueReturned, r.currency)],
                [t.valueRate, fmt.share(r.total.valueRate)],
              ]}
            />
          </section>
          <TrendCard
            title={t.trend}
            definitions={['returnRate.trend']}
            interval={r.interval}
            rows={r.trend}
            axis={[fmt.share]}
            columns={[
              { name: t.unitsSold, value: (p) => p.unitsSold, format: fmt.count, tableOnly: true },
              { name: t.unitsReturned, value: (p) => p.unitsReturned, format: fmt.count, tableOnly: true },
              { name: t.unitRate, value: (p) => p.unitRate, format: fmt.share, kind: 'line' },
              { name: t.valueRate, value: (p) => p.valueRate, format: fmt.share, kind: 'line' },
            ]}
          />
          <ByDimension report={r} dimension={dimension} setDimension={setDimension} />
        </>
      )}
    </ReportLoaded>
  );
}

/** The rate per key of the chosen dimension, most units returned first. */
function ByDimension({
  report: r,
  dimension,
  setDimension,
}: {
  report: ReturnRateReport;
  dimension: RateDimension;
  setDimension: Dispatch<SetStateAction<RateDimension>>;
}) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const lang = useLang();
  const fmt = useFormat();
  const { filters, openDrill } = useView();
  const countryName = useCountryName();
  const segmentLabel = useSegmentLabel();
  // Countries and segments in the screen's language; other keys are named as the shop named them.
  const rows = r.rows.map((x) =>
    x.key === ''
      ? x
      : dimension === 'country'
        ? { ...x, label: countryName(x.key, x.label) }
        : dimension === 'segment'
          ? { ...x, label: segmentLabel(x.key, x.label) }
          : x,
  );
  const dimensionLabel = DIMENSION_LABELS[lang][dimension];
  const title = t.byDimension.replace('{dimension}', dimensionLabel.toLowerCase());
  const chart =
    rows.length === 0 ? undefined : (
      <Chart
        title={title}
        spec={{
          categories: rows.map((x) => x.label),
          series: [{ name: t.unitRate, values: rows.map((x) => x.unitRate) }],
          format: [fmt.share],
          horizontal: true,
        }}
        height={Math.max(200, rows.length * 22 + 40)}
        onSelect={(i) => {
          const row = rows[i];
          if (row) openDrill({ dimension, key: row.key, label: row.label });
        }}
      />
    );
  return (
    <ChartCard
      title={title}
      csv={csvHref('return-rate', filters, { dimension, limit: 500 })}
      definitions={['returnRate.units', 'returnRate.value']}
      chart={chart}
    >
      <div className="toolbar">
        <label>
          <span>{t.dimension}</span>
          <select value={dimension} onChange={(e) => setDimension(e.target.value as RateDimension)}>
            {RATE_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {DIMENSION_LABELS[lang][d]}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">{t.shownOf.replace('{shown}', String(rows.length)).replace('{total}', String(r.rowsTotal))}</p>
      </div>
      {rows.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <RateTable rows={rows} dimension={dimension} dimensionLabel={dimensionLabel} currency={r.currency} />
      )}
    </ChartCard>
  );
}

function RateTable({
  rows,
  dimension,
  dimensionLabel,
  currency,
}: {
  rows: ReturnRateReport['rows'];
  dimension: RateDimension;
  dimensionLabel: string;
  currency: string;
}) {
  const t = useT(T);
  const fmt = useFormat();
  return (
    <TableCard headers={[dimensionLabel, t.unitsSold, t.unitsReturned, t.unitRate, t.valueSold, t.valueReturned, t.valueRate]}>
      {rows.map((x) => (
        <tr key={x.key}>
          <td>
            <DrillLabel choice={{ dimension, key: x.key, label: x.label }} />
          </td>
          <td className="num">{fmt.count(x.unitsSold)}</td>
          <td className="num">{fmt.count(x.unitsReturned)}</td>
          <td className="num">{fmt.share(x.unitRate)}</td>
          <td className="num">{fmt.money(x.valueSold, currency)}</td>
          <td className="num">{fmt.money(x.valueReturned, currency)}</td>
          <td className="num">{fmt.share(x.valueRate)}</td>
        </tr>
      ))}
    </TableCard>
  );
}
