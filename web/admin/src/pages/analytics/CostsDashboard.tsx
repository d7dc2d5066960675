import { texts, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useLabels } from '../../ui/useLabels.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { CostsReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel, KeyFigures } from './ChartCard.js';
import { costSteps } from './costSteps.js';
import { ReportLoaded } from './ReportLoaded.js';
import { TrendCard } from './TrendCard.js';
import { useView } from './view.js';

const T = texts({
  en: {
    overview: 'What the returns of the period cost',
    breakdown: 'From money out to net loss',
    part: 'Part',
    byDisposition: 'Value recovered per disposition',
    byGrade: 'Handling per inspection grade',
    trend: 'Costs over time',
    costPerReturn: 'Cost per return',
    netLoss: 'Net loss',
    refunded: 'Refunded',
    creditIssued: 'Store credit issued',
    exchangeValue: 'Goods sent as exchanges',
    labelCost: 'Carrier labels',
    handlingCost: 'Handling',
    handlingRate: '{minutes} min at {rate} an hour',
    feesCharged: 'Fees charged back',
    valueRecovered: 'Value recovered',
    disposition: 'Disposition',
    recovered: 'Recovered',
    grade: 'Grade',
    lines: 'Lines',
    median: 'Median inspection',
    cost: 'Cost',
    seconds: '{n} s',
  },
  nl: {
    overview: 'Wat de retouren van de periode kostten',
    breakdown: 'Van uitgaand geld naar nettoverlies',
    part: 'Onderdeel',
    byDisposition: 'Teruggewonnen waarde per bestemming',
    byGrade: 'Afhandeling per keuringsgraad',
    trend: 'Kosten door de tijd',
    costPerReturn: 'Kosten per retour',
    netLoss: 'Nettoverlies',
    refunded: 'Terugbetaald',
    creditIssued: 'Tegoed uitgegeven',
    exchangeValue: 'Als ruil verzonden goederen',
    labelCost: 'Verzendlabels',
    handlingCost: 'Afhandeling',
    handlingRate: '{minutes} min tegen {rate} per uur',
    feesCharged: 'Doorberekende kosten',
    valueRecovered: 'Teruggewonnen waarde',
    disposition: 'Bestemming',
    recovered: 'Teruggewonnen',
    grade: 'Graad',
    lines: 'Regels',
    median: 'Mediane keuring',
    cost: 'Kosten',
    seconds: '{n} s',
  },
});

/** Cost per return: labels, handling, fees charged back, value recovered by disposition, net loss. */
export function CostsDashboard() {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const state = useReport<CostsReport>('costs', filters);
  return (
    <ReportLoaded state={state}>
      {(r) => {
        const money = (v: number | null) => fmt.money(v, r.currency);
        const handling = t.handlingRate
          .replace('{minutes}', fmt.count(r.handlingMinutes))
          .replace('{rate}', money(r.handlingRatePerHour));
        return (
          <>
            <section className="card" aria-label={t.overview}>
              <KeyFigures
                figures={[
                  [a.returns, fmt.count(r.returns)],
                  [a.units, fmt.count(r.units)],
                  [t.netLoss, money(r.netLoss)],
                  [t.costPerReturn, money(r.costPerReturn)],
                  [t.handlingCost, `${money(r.handlingCost)} (${handling})`],
                  [t.feesCharged, money(r.feesCharged)],
                ]}
              />
            </section>
            <Breakdown report={r} />
            <ByDisposition report={r} />
            <ByGrade report={r} />
            <TrendCard
              title={t.trend}
              definitions={['costs.labels', 'costs.handling']}
              interval={r.interval}
              rows={r.trend}
              axis={[fmt.moneyAxis(r.currency)]}
              columns={[
                { name: t.labelCost, value: (p) => p.labelCost, format: money, stack: 'cost' },
                { name: t.handlingCost, value: (p) => p.handlingCost, format: money, stack: 'cost' },
                { name: t.netLoss, value: (p) => p.netLoss, format: money, kind: 'line' },
              ]}
            />
          </>
        );
      }}
    </ReportLoaded>
  );
}

/** From the money paid out to the net loss, step by step. */
function Breakdown({ report: r }: { report: CostsReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const steps: [string, number][] = [...costSteps(r).map(([step, v]): [string, number] => [t[step], v]), [t.netLoss, r.netLoss]];
  return (
    <ChartCard
      title={t.breakdown}
      definitions={['costs.netLoss', 'costs.fees']}
      chart={
        <Chart
          title={t.breakdown}
          spec={{
            categories: steps.map((s) => s[0]),
            series: [{ name: a.value, values: steps.map((s) => s[1]) }],
            format: [fmt.moneyAxis(r.currency)],
          }}
        />
      }
    >
      <TableCard headers={[t.part, a.value]}>
        {steps.map(([name, v]) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="num">{fmt.money(v, r.currency)}</td>
          </tr>
        ))}
      </TableCard>
    </ChartCard>
  );
}

function ByDisposition({ report: r }: { report: CostsReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const labels = useLabels();
  const { filters, openDrill } = useView();
  const choice = (d: CostsReport['byDisposition'][number]) => ({
    dimension: 'disposition' as const,
    key: d.disposition,
    label: labels.disposition(d.disposition),
  });
  const chart =
    r.byDisposition.length === 0 ? undefined : (
      <Chart
        title={t.byDisposition}
        spec={{
          categories: r.byDisposition.map((d) => labels.disposition(d.disposition)),
          series: [
            { name: a.value, values: r.byDisposition.map((d) => d.value) },
            { name: t.recovered, values: r.byDisposition.map((d) => d.recovered) },
          ],
          format: [fmt.moneyAxis(r.currency)],
        }}
        onSelect={(i) => {
          const d = r.byDisposition[i];
          if (d) openDrill(choice(d));
        }}
      />
    );
  return (
    <ChartCard title={t.byDisposition} csv={csvHref('costs', filters)} definitions={['costs.recovered']} chart={chart}>
      {r.byDisposition.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.disposition, a.units, a.value, t.recovered]}>
          {r.byDisposition.map((d) => (
            <tr key={d.disposition}>
              <td>
                <DrillLabel choice={choice(d)} />
              </td>
              <td className="num">{fmt.count(d.units)}</td>
              <td className="num">{fmt.money(d.value, r.currency)}</td>
              <td className="num">{fmt.money(d.recovered, r.currency)}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}

function ByGrade({ report: r }: { report: CostsReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  return (
    <ChartCard title={t.byGrade} definitions={['costs.handling']}>
      {r.handlingByGrade.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.grade, t.lines, t.median, t.cost]}>
          {r.handlingByGrade.map((g) => (
            <tr key={g.grade}>
              <td>
                <DrillLabel choice={{ dimension: 'grade', key: g.grade, label: `${t.grade} ${g.grade}` }} />
              </td>
              <td className="num">{fmt.count(g.lines)}</td>
              <td className="num">{g.medianSeconds === null ? '—' : t.seconds.replace('{n}', fmt.count(g.medianSeconds))}</td>
              <td className="num">{fmt.money(g.cost, r.currency)}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}
