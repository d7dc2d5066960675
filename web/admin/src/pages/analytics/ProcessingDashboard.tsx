import { dateTime, texts, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { STAGE_LABELS } from './analyticsLabels.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ProcessingReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { useView } from './view.js';

const T = texts({
  en: {
    stages: 'Time per stage',
    stage: 'Stage',
    count: 'Returns',
    p50: 'Median (p50)',
    p90: '9 in 10 within (p90)',
    legal: 'Refunds within the legal 14 days',
    refunds: 'Refunds due',
    within: 'Within 14 days',
    share: 'Share on time',
    late: 'Late or overdue',
    lateList: 'Late and overdue refunds, oldest first',
    allLate: 'Show all late returns',
    number: 'Return',
    started: 'Requested',
    refunded: 'Refunded',
    notYet: 'not yet',
    days: 'Days',
  },
  nl: {
    stages: 'Tijd per stap',
    stage: 'Stap',
    count: 'Retouren',
    p50: 'Mediaan (p50)',
    p90: '9 op de 10 binnen (p90)',
    legal: 'Terugbetalingen binnen de wettelijke 14 dagen',
    refunds: 'Terugbetalingen',
    within: 'Binnen 14 dagen',
    share: 'Aandeel op tijd',
    late: 'Te laat of achterstallig',
    lateList: 'Te late en achterstallige terugbetalingen, oudste eerst',
    allLate: 'Toon alle te late retouren',
    number: 'Retour',
    started: 'Aangevraagd',
    refunded: 'Terugbetaald',
    notYet: 'nog niet',
    days: 'Dagen',
  },
});

/** How long each stage takes (p50, p90) and which refunds missed the legal 14 days. */
export function ProcessingDashboard() {
  const t = useT(T);
  const fmt = useFormat();
  const { filters } = useView();
  const state = useReport<ProcessingReport>('processing', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => {
        const stage = (s: ProcessingReport['stages'][number]['stage']) => STAGE_LABELS[fmt.lang][s];
        return (
          <>
            <ChartCard
              title={t.stages}
              csv={csvHref('processing', filters)}
              definitions={['processing.stages']}
              chart={
                <Chart
                  title={t.stages}
                  spec={{
                    categories: r.stages.map((s) => stage(s.stage)),
                    series: [
                      { name: t.p50, values: r.stages.map((s) => s.p50Hours) },
                      { name: t.p90, values: r.stages.map((s) => s.p90Hours) },
                    ],
                    format: [fmt.hoursAxis(Math.max(0, ...r.stages.map((s) => s.p90Hours ?? 0)))],
                    horizontal: true,
                  }}
                />
              }
            >
              <TableCard headers={[t.stage, t.count, t.p50, t.p90]}>
                {r.stages.map((s) => (
                  <tr key={s.stage}>
                    <td>{stage(s.stage)}</td>
                    <td className="num">{fmt.count(s.count)}</td>
                    <td className="num">{fmt.hours(s.p50Hours)}</td>
                    <td className="num">{fmt.hours(s.p90Hours)}</td>
                  </tr>
                ))}
              </TableCard>
            </ChartCard>
            <Legal report={r} />
          </>
        );
      }}
    </ReportLoaded>
  );
}

/** Refunds within the legal 14 days, and the late and overdue ones, each leading to its return. */
function Legal({ report: r }: { report: ProcessingReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { openDrill } = useView();
  // The returns refunded past the deadline or still unpaid after it: the dimension says it all.
  const late = { dimension: 'late' as const, label: t.late };
  return (
    <ChartCard
      title={t.legal}
      definitions={['processing.legal']}
      chart={
        <Chart
          title={t.legal}
          spec={{
            categories: [t.within, t.late],
            series: [{ name: t.refunds, values: [r.legal.withinDeadline, r.legal.lateTotal] }],
            format: [fmt.count],
          }}
          onSelect={(i) => i === 1 && openDrill(late)}
        />
      }
    >
      <KeyFigures
        figures={[
          [t.refunds, fmt.count(r.legal.refunds)],
          [t.within, fmt.count(r.legal.withinDeadline)],
          [t.share, fmt.share(r.legal.share)],
          [t.late, fmt.count(r.legal.lateTotal)],
        ]}
      />
      <h3>{t.lateList}</h3>
      {r.legal.late.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <>
          <TableCard headers={[t.number, t.started, t.refunded, t.days]}>
            {r.legal.late.map((l) => (
              <tr key={l.returnId}>
                <td>
                  <a className="number" {...linkProps(`/returns/${l.returnId}`)}>
                    {l.number}
                  </a>
                </td>
                <td>{dateTime(l.startedAt, fmt.lang)}</td>
                <td>{l.refundedAt ? dateTime(l.refundedAt, fmt.lang) : t.notYet}</td>
                <td className="num">{fmt.count(l.days)}</td>
              </tr>
            ))}
          </TableCard>
          <DrillLabel choice={late}>{t.allLate}</DrillLabel>
        </>
      )}
    </ChartCard>
  );
}
