import { type Dispatch, type SetStateAction, useState } from 'react';
import { texts, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useReasonLabel } from '../../ui/useLabels.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ReasonsReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel, KeyFigures } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { TrendCard } from './TrendCard.js';
import { useView } from './view.js';

const T = texts({
  en: {
    overview: 'Reasons for the units returned in the period',
    byReason: 'Units returned per reason',
    trend: 'Controllable and not controllable over time',
    byGroup: 'Reasons per {group}',
    words: 'What shoppers wrote, per reason',
    reason: 'Reason',
    controllable: 'Controllable',
    notControllable: 'Not controllable',
    unknown: 'No reason given',
    yes: 'yes',
    no: 'no',
    product: 'product',
    category: 'category',
    groupBy: 'Per',
    top: 'Most given reasons',
    comments: 'Comments',
    frequentWords: 'Most frequent words',
  },
  nl: {
    overview: 'Redenen van de in de periode geretourneerde stuks',
    byReason: 'Geretourneerde stuks per reden',
    trend: 'Beïnvloedbaar en niet beïnvloedbaar door de tijd',
    byGroup: 'Redenen per {group}',
    words: 'Wat klanten schreven, per reden',
    reason: 'Reden',
    controllable: 'Beïnvloedbaar',
    notControllable: 'Niet beïnvloedbaar',
    unknown: 'Geen reden gegeven',
    yes: 'ja',
    no: 'nee',
    product: 'product',
    category: 'categorie',
    groupBy: 'Per',
    top: 'Meest gegeven redenen',
    comments: 'Opmerkingen',
    frequentWords: 'Meest voorkomende woorden',
  },
});

type GroupBy = 'product' | 'category';

/** A reason's name in the screen's language as the shop wrote it; lines without a reason say so. */
function useReasonName(): (code: string) => string {
  const t = useT(T);
  const name = useReasonLabel();
  return (code) => (code === '' ? t.unknown : name(code));
}

/** Why things come back: controllable or not, per product or category, over time, and the words behind each reason. */
export function ReasonsDashboard() {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const [groupBy, setGroupBy] = useState<GroupBy>('product');
  const state = useReport<ReasonsReport>('reasons', filters, { groupBy, limit: 20 });
  return (
    <ReportLoaded state={state}>
      {(r) => (
        <>
          <section className="card" aria-label={t.overview}>
            <KeyFigures
              figures={[
                [a.units, fmt.count(r.totalUnits)],
                [t.controllable, fmt.count(r.controllableUnits)],
                [t.notControllable, fmt.count(r.notControllableUnits)],
                [t.unknown, fmt.count(r.unknownUnits)],
              ]}
            />
          </section>
          <ByReason report={r} groupBy={groupBy} />
          <TrendCard
            title={t.trend}
            definitions={['reasons.controllable']}
            interval={r.interval}
            rows={r.trend}
            axis={[fmt.count]}
            columns={[
              { name: t.controllable, value: (p) => p.controllableUnits, format: fmt.count, stack: 'units' },
              { name: t.notControllable, value: (p) => p.notControllableUnits, format: fmt.count, stack: 'units' },
              { name: t.unknown, value: (p) => p.unknownUnits, format: fmt.count, stack: 'units' },
            ]}
          />
          <ByGroup report={r} groupBy={groupBy} setGroupBy={setGroupBy} />
          <Words report={r} />
        </>
      )}
    </ReportLoaded>
  );
}

function ByReason({ report: r, groupBy }: { report: ReasonsReport; groupBy: GroupBy }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters, openDrill } = useView();
  const reasonName = useReasonName();
  const chart =
    r.byReason.length === 0 ? undefined : (
      <Chart
        title={t.byReason}
        spec={{
          categories: r.byReason.map((x) => reasonName(x.code)),
          series: [{ name: a.units, values: r.byReason.map((x) => x.units) }],
          format: [fmt.count],
          horizontal: true,
        }}
        height={Math.max(180, r.byReason.length * 24 + 40)}
        onSelect={(i) => {
          const x = r.byReason[i];
          if (x) openDrill({ dimension: 'reason', key: x.code, label: reasonName(x.code) });
        }}
      />
    );
  return (
    <ChartCard
      title={t.byReason}
      csv={csvHref('reasons', filters, { groupBy, limit: 200 })}
      definitions={['reasons.byReason']}
      chart={chart}
    >
      {r.byReason.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.reason, t.controllable, a.units, a.share]}>
          {r.byReason.map((x) => (
            <tr key={x.code}>
              <td>
                <DrillLabel choice={{ dimension: 'reason', key: x.code, label: reasonName(x.code) }} />
              </td>
              <td>{x.controllable === null ? '—' : x.controllable ? t.yes : t.no}</td>
              <td className="num">{fmt.count(x.units)}</td>
              <td className="num">{fmt.share(x.share)}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}

function ByGroup({
  report: r,
  groupBy,
  setGroupBy,
}: {
  report: ReasonsReport;
  groupBy: GroupBy;
  setGroupBy: Dispatch<SetStateAction<GroupBy>>;
}) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const reasonLabel = useReasonName();
  return (
    <ChartCard title={t.byGroup.replace('{group}', t[groupBy])} definitions={['reasons.byGroup']}>
      <div className="toolbar">
        <label>
          <span>{t.groupBy}</span>
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
            <option value="product">{t.product}</option>
            <option value="category">{t.category}</option>
          </select>
        </label>
      </div>
      {r.byGroup.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[groupBy === 'product' ? t.product : t.category, a.units, t.top]}>
          {r.byGroup.map((g) => (
            <tr key={g.key}>
              <td>
                <DrillLabel choice={{ dimension: groupBy, key: g.key, label: g.label }} />
              </td>
              <td className="num">{fmt.count(g.units)}</td>
              <td>
                {g.reasons
                  .slice(0, 3)
                  .map((x) => `${reasonLabel(x.code)} (${fmt.count(x.units)})`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}

function Words({ report: r }: { report: ReasonsReport }) {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const reasonLabel = useReasonName();
  return (
    <ChartCard title={t.words} definitions={['reasons.words']}>
      {r.words.length === 0 ? (
        <Empty>{a.empty}</Empty>
      ) : (
        <TableCard headers={[t.reason, t.comments, t.frequentWords]}>
          {r.words.map((w) => (
            <tr key={w.code}>
              <td>{reasonLabel(w.code)}</td>
              <td className="num">{fmt.count(w.comments)}</td>
              <td>{w.words.map((x) => `${x.word} (${x.count})`).join(', ')}</td>
            </tr>
          ))}
        </TableCard>
      )}
    </ChartCard>
  );
}
