import { texts, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { useResolutionLabel } from './analyticsLabels.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ResolutionsReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { TrendCard } from './TrendCard.js';
import { useView } from './view.js';

const T = texts({
  en: {
    overview: 'Money back, kept and given',
    byResolution: 'What shoppers chose',
    trend: 'Refund, credit and exchange over time',
    resolution: 'Resolution',
    refunded: 'Refunded',
    creditIssued: 'Store credit issued',
    creditSpent: 'Store credit spent',
    exchangeValue: 'Exchanged for',
    revenueRetained: 'Revenue retained',
    retainedShare: 'Retained share',
    bonusCost: 'Bonus cost',
  },
  nl: {
    overview: 'Geld terug, behouden en gegeven',
    byResolution: 'Wat klanten kozen',
    trend: 'Terugbetaling, tegoed en ruil door de tijd',
    resolution: 'Afhandeling',
    refunded: 'Terugbetaald',
    creditIssued: 'Tegoed uitgegeven',
    creditSpent: 'Tegoed besteed',
    exchangeValue: 'Geruild voor',
    revenueRetained: 'Behouden omzet',
    retainedShare: 'Behouden aandeel',
    bonusCost: 'Kosten bonus',
  },
});

/** Refund against store credit against exchange, and the revenue the returns programme kept. */
export function ResolutionsDashboard() {
  const t = useT(T);
  const fmt = useFormat();
  const label = useResolutionLabel();
  const { filters } = useView();
  const state = useReport<ResolutionsReport>('resolutions', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => {
        const money = (v: number | null) => fmt.money(v, r.currency);
        return (
          <>
            <section className="card" aria-label={t.overview}>
              <KeyFigures
                figures={[
                  [t.refunded, money(r.refunded)],
                  [t.creditIssued, money(r.creditIssued)],
                  [t.creditSpent, money(r.creditSpent)],
                  [t.exchangeValue, money(r.exchangeValue)],
                  [t.revenueRetained, money(r.revenueRetained)],
                  [t.retainedShare, fmt.share(r.retainedShare)],
                  [t.bonusCost, money(r.bonusCost)],
                ]}
              />
            </section>
            <ByResolution report={r} />
            <TrendCard
              title={t.trend}
              definitions={['resolutions.trend']}
              interval={r.interval}
              rows={r.trend}
              axis={[fmt.count]}
              columns={(['refund', 'store_credit', 'exchange'] as const).map((k) => ({
                name: label(k),
                value: (p: ResolutionsReport['trend'][number]) => p[k],
                format: fmt.count,
                stack: 'all',
              }))}
            />
          </>
        );
      }}
    </ReportLoaded>
  );
}

function ByResolution({ report: r }: { report: ResolutionsReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const label = useResolutionLabel();
  const { filters, openDrill } = useView();
  return (
    <ChartCard
      title={t.byResolution}
      csv={csvHref('resolutions', filters)}
      definitions={['resolutions.byResolution', 'resolutions.revenueRetained', 'resolutions.bonusCost']}
      chart={
        <Chart
          title={t.byResolution}
          spec={{
            categories: r.byResolution.map((x) => label(x.resolution)),
            series: [{ name: a.units, values: r.byResolution.map((x) => x.units) }],
            format: [fmt.count],
          }}
          onSelect={(i) => {
            const x = r.byResolution[i];
            if (x) openDrill({ dimension: 'resolution', key: x.resolution, label: label(x.resolution) });
          }}
        />
      }
    >
      {r.byResolution.every((x) => x.units === 0) ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.resolution, a.returns, a.units, a.value, a.share]}>
          {r.byResolution.map((x) => (
            <tr key={x.resolution}>
              <td>
                <DrillLabel choice={{ dimension: 'resolution', key: x.resolution, label: label(x.resolution) }} />
              </td>
              <td className="num">{fmt.count(x.returns)}</td>
              <td className="num">{fmt.count(x.units)}</td>
              <td className="num">{fmt.money(x.value, r.currency)}</td>
              <td className="num">{fmt.share(x.share)}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}
