import { useEffect, useRef, useState } from 'react';
import { texts, useT } from '../../i18n.js';
import { type ChartSpec, summarise } from './chartSpec.js';
import type { DashboardChartOption } from './echartsSetup.js';

const T = texts({
  en: { failed: 'The chart could not be drawn; the table below holds its figures.' },
  nl: { failed: 'De grafiek kon niet getekend worden; de tabel eronder bevat de cijfers.' },
});

// Distinct from each other for most colour vision, and dark enough against white.
const PALETTE = ['#1d4e5f', '#d1762b', '#5b8c3a', '#8e4f9e', '#c03d3d', '#4a7fc1', '#8a7a2b', '#555f6b'];

type Library = typeof import('./echartsSetup.js');
let library: Promise<Library> | null = null;
/** The charting library, fetched the first time a chart is drawn. */
const loadLibrary = () => {
  library ??= import('./echartsSetup.js').catch((err) => {
    library = null;
    throw err;
  });
  return library;
};

function optionOf(spec: ChartSpec): DashboardChartOption {
  const [fmt0, fmt1] = spec.format;
  const valueAxes = [{ type: 'value' as const, axisLabel: { formatter: (v: number) => fmt0(v) } }];
  if (spec.series.some((s) => s.axis === 1) && fmt1)
    valueAxes.push({ type: 'value' as const, axisLabel: { formatter: (v: number) => fmt1(v) } });
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    // Few categories side by side have room for longer names.
    axisLabel: {
      hideOverlap: true,
      width: spec.horizontal ? 140 : Math.max(80, Math.floor(600 / Math.max(1, spec.categories.length))),
      overflow: 'truncate' as const,
    },
    inverse: spec.horizontal,
  };
  return {
    color: PALETTE,
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: spec.series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
    tooltip: { trigger: 'axis' },
    xAxis: spec.horizontal ? valueAxes : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxes,
    series: spec.series.map((s) => {
      // Each series' tooltip in its own axis's terms (a count beside an average, say).
      const format = (s.axis === 1 && fmt1) || fmt0;
      const tooltip = { valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—') };
      return s.kind === 'line'
        ? { type: 'line', name: s.name, data: s.values, yAxisIndex: s.axis ?? 0, connectNulls: false, tooltip }
        : {
            type: 'bar',
            name: s.name,
            data: s.values,
            stack: s.stack,
            ...(spec.horizontal ? { xAxisIndex: s.axis ?? 0 } : { yAxisIndex: s.axis ?? 0 }),
            cursor: 'pointer',
            tooltip,
          };
    }),
  };
}

/**
 * A chart drawn by the charting library into an element that reads as one image with the chart's
 * figures in words. A click on a bar or point calls `onSelect` with the category's index; the table
 * under each chart offers the same choice by keyboard.
 */
export function Chart({
  title,
  spec,
  onSelect,
  height = 280,
}: {
  title: string;
  spec: ChartSpec;
  onSelect?: (index: number) => void;
  height?: number;
}) {
  const t = useT(T);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Library['init']> | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const [failed, setFailed] = useState(false);
  const [lib, setLib] = useState<Library | null>(null);

  useEffect(() => {
    let live = true;
    loadLibrary().then(
      (l) => live && setLib(l),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (!lib || !box.current) return;
    const c = lib.init(box.current, null, { renderer: 'svg' });
    c.on('click', (e) => {
      if (typeof e.dataIndex === 'number') select.current?.(e.dataIndex);
    });
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(box.current);
    chart.current = c;
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lib]);

  // The options follow the figures (the chart made above, in the same commit, is there already).
  useEffect(() => {
    if (lib) chart.current?.setOption(optionOf(spec), { notMerge: true });
  }, [spec, lib]);

  return (
    <>
      <div
        ref={box}
        className="chart"
        role="img"
        aria-label={summarise(title, spec)}
        data-clickable={onSelect ? 'true' : undefined}
        style={{ height }}
      />
      {failed && <p className="muted">{t.failed}</p>}
    </>
  );
}
