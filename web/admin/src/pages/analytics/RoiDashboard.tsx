import { texts, useT } from '../../i18n.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { RoiReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { useView } from './view.js';

const T = texts({
  en: {
    title: 'What the returns programme brings against what returns cost',
    roi: 'Return on the programme',
    exchanges: 'Kept through exchanges',
    creditSpent: 'Kept through store credit spent',
    keepItem: 'Saved by keep-the-item',
    routing: 'Saved by routing',
    cost: 'Cost of returns',
    part: 'Part',
    gained: 'Kept and saved',
  },
  nl: {
    title: 'Wat het retourprogramma oplevert tegenover wat retouren kosten',
    roi: 'Rendement van het programma',
    exchanges: 'Behouden via ruil',
    creditSpent: 'Behouden via besteed tegoed',
    keepItem: 'Bespaard door artikel houden',
    routing: 'Bespaard door routering',
    cost: 'Kosten van retouren',
    part: 'Onderdeel',
    gained: 'Behouden en bespaard',
  },
});

/** ROI of the returns programme: revenue kept and costs saved against the cost of returns. */
export function RoiDashboard() {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const state = useReport<RoiReport>('roi', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => {
        const parts: [string, number][] = [
          [t.exchanges, r.revenueKept.exchanges],
          [t.creditSpent, r.revenueKept.creditSpent],
          [t.keepItem, r.costsSaved.keepItem],
          [t.routing, r.costsSaved.routing],
          [t.cost, r.costOfReturns],
        ];
        return (
          <ChartCard
            title={t.title}
            csv={csvHref('roi', filters)}
            definitions={['roi.revenueKept', 'roi.keepItem', 'roi.routing', 'roi.costOfReturns']}
            chart={
              <Chart
                title={t.title}
                spec={{
                  categories: parts.map((p) => p[0]),
                  series: [{ name: a.value, values: parts.map((p) => p[1]) }],
                  format: [fmt.moneyAxis(r.currency)],
                  horizontal: true,
                }}
              />
            }
          >
            <KeyFigures
              figures={[
                [t.roi, r.roi === null ? '—' : `${fmt.decimal(r.roi)}×`],
                [t.gained, fmt.money(r.revenueKept.total + r.costsSaved.total, r.currency)],
                [t.cost, fmt.money(r.costOfReturns, r.currency)],
              ]}
            />
            <TableCard headers={[t.part, a.value]}>
              {parts.map(([name, v]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td className="num">{fmt.money(v, r.currency)}</td>
                </tr>
              ))}
            </TableCard>
          </ChartCard>
        );
      }}
    </ReportLoaded>
  );
}
