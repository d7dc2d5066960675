import { useState } from 'react';
import { texts, useT } from '../../i18n.js';
import { Empty } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useReasonLabel } from '../../ui/useLabels.js';
import { csvHref, useReport } from './analyticsData.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { ProblemProductsReport } from './analyticsWire.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel } from './ChartCard.js';
import { ReportLoaded } from './ReportLoaded.js';
import { useView } from './view.js';

const T = texts({
  en: {
    title: 'Products returned significantly more than their category',
    test: 'Judged by {name} at {confidence} confidence, for products with at least {min} units sold in the period.',
    confidence: 'Confidence',
    minUnits: 'At least units sold',
    product: 'Product',
    category: 'Category',
    sold: 'Sold',
    returned: 'Returned',
    rate: 'Return rate',
    categoryRate: 'Category’s rate',
    p: 'p-value',
    q: 'q-value (adjusted)',
    reason: 'Dominant reason',
    comments: 'Comments',
    none: 'No product stands out from its category at this confidence.',
    showComments: '{n} comments',
  },
  nl: {
    title: 'Producten die significant vaker terugkomen dan hun categorie',
    test: 'Beoordeeld met {name} bij {confidence} betrouwbaarheid, voor producten met ten minste {min} verkochte stuks in de periode.',
    confidence: 'Betrouwbaarheid',
    minUnits: 'Ten minste verkocht',
    product: 'Product',
    category: 'Categorie',
    sold: 'Verkocht',
    returned: 'Geretourneerd',
    rate: 'Retourpercentage',
    categoryRate: 'Percentage categorie',
    p: 'p-waarde',
    q: 'q-waarde (gecorrigeerd)',
    reason: 'Belangrijkste reden',
    comments: 'Opmerkingen',
    none: 'Geen product wijkt bij deze betrouwbaarheid af van zijn categorie.',
    showComments: '{n} opmerkingen',
  },
});

const CONFIDENCES = [0.9, 0.95, 0.99];

/** Products whose return rate is significantly above their category's, with their dominant reason and comments. */
export function ProblemProductsDashboard() {
  const t = useT(T);
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { filters } = useView();
  const [confidence, setConfidence] = useState(0.95);
  const [minUnitsSold, setMinUnitsSold] = useState(30);
  const extra = { confidence, minUnitsSold, limit: 25 };
  const state = useReport<ProblemProductsReport>('problem-products', filters, extra);
  return (
    <ChartCard
      title={t.title}
      csv={csvHref('problem-products', filters, extra)}
      definitions={['problemProducts.test', 'problemProducts.reason']}
    >
      <div className="toolbar">
        <label>
          <span>{t.confidence}</span>
          <select value={confidence} onChange={(e) => setConfidence(Number(e.target.value))}>
            {CONFIDENCES.map((c) => (
              <option key={c} value={c}>
                {fmt.share(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.minUnits}</span>
          <input
            type="number"
            min={1}
            value={minUnitsSold}
            onChange={(e) => Number(e.target.value) >= 1 && setMinUnitsSold(Math.round(Number(e.target.value)))}
          />
        </label>
      </div>
      <ReportLoaded state={state}>
        {(r) => (
          <>
            <p className="muted">
              {t.test
                .replace('{name}', r.test.name)
                .replace('{confidence}', fmt.share(r.test.confidence))
                .replace('{min}', fmt.count(r.test.minUnitsSold))}
            </p>
            {r.rows.length === 0 ? <Empty>{t.none}</Empty> : <Products report={r} />}
          </>
        )}
      </ReportLoaded>
      <p className="muted">{a.chartHint}</p>
    </ChartCard>
  );
}

function Products({ report: r }: { report: ProblemProductsReport }) {
  const t = useT(T);
  const fmt = useFormat();
  const reason = useReasonLabel();
  const { openDrill } = useView();
  return (
    <>
      <Chart
        title={t.title}
        spec={{
          categories: r.rows.map((p) => p.title),
          series: [
            { name: t.rate, values: r.rows.map((p) => p.rate) },
            { name: t.categoryRate, values: r.rows.map((p) => p.categoryRate) },
          ],
          format: [fmt.share],
          horizontal: true,
        }}
        height={Math.max(200, r.rows.length * 36 + 50)}
        onSelect={(i) => {
          const p = r.rows[i];
          if (p) openDrill({ dimension: 'product', key: p.productId, label: p.title });
        }}
      />
      <TableCard headers={[t.product, t.category, t.sold, t.returned, t.rate, t.categoryRate, t.p, t.q, t.reason, t.comments]}>
        {r.rows.map((p) => (
          <tr key={p.productId}>
            <td>
              <DrillLabel choice={{ dimension: 'product', key: p.productId, label: p.title }} />
            </td>
            <td>{p.category ?? '—'}</td>
            <td className="num">{fmt.count(p.unitsSold)}</td>
            <td className="num">{fmt.count(p.unitsReturned)}</td>
            <td className="num">{fmt.share(p.rate)}</td>
            <td className="num">{fmt.share(p.categoryRate)}</td>
            <td className="num">{probability(p.pValue)}</td>
            <td className="num">{probability(p.qValue)}</td>
            <td>{p.dominantReason ? `${reason(p.dominantReason.code)} (${fmt.share(p.dominantReason.share)})` : '—'}</td>
            <td>
              <CommentList comments={p.comments} />
            </td>
          </tr>
        ))}
      </TableCard>
    </>
  );
}

/** A p- or q-value as read in a table: three decimals, or below the smallest of them. */
const probability = (v: number) => (v < 0.001 ? '< 0.001' : v.toFixed(3));

function CommentList({ comments }: { comments: string[] }) {
  const t = useT(T);
  if (comments.length === 0) return '—';
  return (
    <details>
      <summary>{t.showComments.replace('{n}', String(comments.length))}</summary>
      <ul className="plain">
        {comments.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: comments may repeat; their order is fixed
          <li key={i}>“{c}”</li>
        ))}
      </ul>
    </details>
  );
}
