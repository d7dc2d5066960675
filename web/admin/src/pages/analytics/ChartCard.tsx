import { type ReactNode, useId } from 'react';
import { useLang, useT } from '../../i18n.js';
import { useDefinitions } from './analyticsData.js';
import { ANALYTICS_TEXTS } from './analyticsTexts.js';
import type { MetricDefinition } from './analyticsWire.js';
import type { DrillChoice } from './filters.js';
import { useView } from './view.js';

/** The definitions whose key is one of `keys` (or, for 'name.*', starts with 'name.'), in their order. */
function pick(all: MetricDefinition[], keys: string[]): MetricDefinition[] {
  return keys.flatMap((k) => all.filter((d) => (k.endsWith('.*') ? d.key.startsWith(k.slice(0, -1)) : d.key === k)));
}

/** A chart's definitions in the screen's language: formula, what counts, which dates. */
export function Definitions({ keys }: { keys: string[] }) {
  const t = useT(ANALYTICS_TEXTS);
  const lang = useLang();
  const state = useDefinitions();
  const shown = pick(state.data ?? [], keys);
  if (shown.length === 0) return null;
  return (
    <aside className="definitions" aria-label={t.definitions}>
      <h3>{t.definitions}</h3>
      <dl>
        {shown.map((d) => (
          <div key={d.key}>
            <dt>{d.title[lang]}</dt>
            <dd>{d.text[lang]}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

/**
 * One figure of a dashboard: its title and CSV link, the chart with its definitions beside it, and
 * the table under it that holds the same numbers (the chart's accessible equivalent).
 */
export function ChartCard({
  title,
  csv,
  definitions,
  chart,
  children,
}: {
  title: string;
  csv?: string;
  definitions: string[];
  chart?: ReactNode;
  children?: ReactNode;
}) {
  const t = useT(ANALYTICS_TEXTS);
  const id = useId();
  return (
    <section className="card analytics-card" aria-labelledby={id}>
      <div className="analytics-head">
        <h2 id={id}>{title}</h2>
        {csv && (
          <a className="button" href={csv} download>
            {t.csv}
            <span className="sr-only">: {title}</span>
          </a>
        )}
      </div>
      <div className={chart ? 'analytics-body' : 'analytics-body no-chart'}>
        {chart && <div className="analytics-chart">{chart}</div>}
        <Definitions keys={definitions} />
      </div>
      {children}
    </section>
  );
}

/** A row's label that opens the returns behind it (the keyboard's way to what a click on a bar does). */
export function DrillLabel({ choice, children }: { choice: DrillChoice; children?: ReactNode }) {
  const t = useT(ANALYTICS_TEXTS);
  const { openDrill } = useView();
  return (
    <button
      type="button"
      className="link"
      title={t.showReturnsOf.replace('{what}', choice.label)}
      onClick={() => openDrill(choice)}
    >
      {children ?? choice.label}
    </button>
  );
}

/** A dashboard's key figures in a row, each a term and its value. */
export function KeyFigures({ figures }: { figures: [string, string][] }) {
  return (
    <dl className="key-figures">
      {figures.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
