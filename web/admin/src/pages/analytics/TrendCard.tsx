import type { TrendInterval } from '../../../../../src/domain/analytics/intervals.js';
import { useT } from '../../i18n.js';
import { TableCard } from '../../ui/TableCard.js';
import { useFormat } from './analyticsFormat.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import { Chart } from './Chart.js';
import { ChartCard, DrillLabel } from './ChartCard.js';
import { bucketRange } from './periods.js';
import { useView } from './view.js';

/** One figure of a trend: its name, how to read and show it, and how to draw it. */
export interface TrendColumn<R> {
  name: string;
  value: (row: R) => number | null;
  format: (v: number | null) => string;
  kind?: 'bar' | 'line';
  stack?: string;
  axis?: 0 | 1;
  /** Shown in the table only. */
  tableOnly?: boolean;
}

/**
 * A report's trend: a chart of its buckets (day, week or month) and the table of the same figures,
 * each bucket opening the returns of its days (unless `drill` is off: figures no return stands behind).
 */
export function TrendCard<R extends { period: string }>({
  title,
  definitions,
  interval,
  rows,
  columns,
  axis,
  drill = true,
}: {
  title: string;
  definitions: string[];
  interval: TrendInterval;
  rows: R[];
  columns: TrendColumn<R>[];
  axis: [(v: number) => string, ((v: number) => string)?];
  drill?: boolean;
}) {
  const a = useT(ANALYTICS_TEXTS);
  const fmt = useFormat();
  const { period, openDrill } = useView();
  const choice = (row: R) => ({ label: fmt.bucket(row.period, interval), ...bucketRange(row.period, interval, period) });
  const drawn = columns.filter((c) => !c.tableOnly);
  return (
    <ChartCard
      title={title}
      definitions={definitions}
      chart={
        <Chart
          title={title}
          spec={{
            categories: rows.map((r) => fmt.bucket(r.period, interval)),
            series: drawn.map((c) => ({
              name: c.name,
              values: rows.map(c.value),
              kind: c.kind,
              stack: c.stack,
              axis: c.axis,
            })),
            format: axis,
          }}
          onSelect={
            drill
              ? (i) => {
                  const row = rows[i];
                  if (row) openDrill(choice(row));
                }
              : undefined
          }
        />
      }
    >
      <TableCard headers={[a.period, ...columns.map((c) => c.name)]}>
        {rows.map((r) => (
          <tr key={r.period}>
            <td>{drill ? <DrillLabel choice={choice(r)} /> : fmt.bucket(r.period, interval)}</td>
            {columns.map((c) => (
              <td key={c.name} className="num">
                {c.format(c.value(r))}
              </td>
            ))}
          </tr>
        ))}
      </TableCard>
    </ChartCard>
  );
}
