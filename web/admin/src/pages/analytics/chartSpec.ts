/** What a dashboard wants drawn, in its own terms; Chart.tsx turns it into the library's options. */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
  /** Bars unless said otherwise. */
  kind?: 'bar' | 'line';
  /** Series with the same stack are drawn on top of each other. */
  stack?: string;
  /** 1: the right-hand axis (e.g. a rate beside counts). */
  axis?: 0 | 1;
}

export interface ChartSpec {
  categories: string[];
  series: ChartSeries[];
  /** Formats values on the axis, tooltip and in the summary: per axis. */
  format: [(v: number) => string, ((v: number) => string)?];
  /** Bars lying down, for long labels (products, categories). */
  horizontal?: boolean;
}

/** A chart in words for people who cannot see it: its title, then each category's values, the
 * first few only when there are many (the table under the chart holds all of them). */
export function summarise(title: string, spec: ChartSpec, max = 8): string {
  const shown = spec.categories.slice(0, max).map((c, i) => {
    const values = spec.series
      .map((s) => {
        const v = s.values[i];
        const fmt = spec.format[s.axis ?? 0] ?? spec.format[0];
        return v === null || v === undefined ? null : spec.series.length > 1 ? `${s.name} ${fmt(v)}` : fmt(v);
      })
      .filter((x) => x !== null);
    return `${c}: ${values.join(', ') || '—'}`;
  });
  const more = spec.categories.length > max ? ` (+${spec.categories.length - max})` : '';
  return `${title}. ${shown.join('; ')}${more}`;
}
