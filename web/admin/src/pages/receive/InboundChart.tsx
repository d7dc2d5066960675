import type { InboundForecast } from '../../../../../src/http/routes/logistics/tracking/schema.js';
import { api } from '../../api.js';
import { date, texts, useLang, useT } from '../../i18n.js';
import { Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';

const KINDS = ['atDock', 'inTransit', 'handedIn', 'labelCreated'] as const;
type Kind = (typeof KINDS)[number];

const T = texts({
  en: {
    title: 'Inbound, next 14 days',
    atDock: 'At the dock',
    inTransit: 'In transit',
    handedIn: 'Handed in',
    labelCreated: 'Label made, not scanned',
    parcels: 'parcels',
  },
  nl: {
    title: 'Binnenkomend, komende 14 dagen',
    atDock: 'Aan het dock',
    inTransit: 'Onderweg',
    handedIn: 'Ingeleverd',
    labelCreated: 'Label gemaakt, niet gescand',
    parcels: 'pakketten',
  },
});

const COLOURS: Record<Kind, string> = {
  atDock: '#1b6e3a',
  inTransit: '#2f6fb3',
  handedIn: '#7a9cc6',
  labelCreated: '#c9ced6',
};

const WIDTH = 560;
const HEIGHT = 140;
const LABELS = 18;

/** Return parcels the warehouse will receive per day, stacked by how far along they are: plain SVG
 * bars, with the numbers in each bar's title and in a table for screen readers. */
export function InboundChart() {
  const t = useT(T);
  const lang = useLang();
  const state = useLoad(() => api<InboundForecast>('GET', '/inbound?days=14'), []);
  return (
    <section className="card" aria-labelledby="inbound-title">
      <h2 id="inbound-title">{t.title}</h2>
      <Loaded state={state}>
        {(forecast) => {
          const days = forecast.days.map((d) => {
            const counts = Object.fromEntries(KINDS.map((k) => [k, d.warehouses.reduce((sum, w) => sum + w[k], 0)])) as Record<
              Kind,
              number
            >;
            return { date: d.date, total: d.total, counts };
          });
          const max = Math.max(1, ...days.map((d) => d.total));
          const slot = WIDTH / Math.max(days.length, 1);
          const scale = (HEIGHT - LABELS) / max;
          return (
            <>
              <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={t.title}>
                {days.map((d, i) => {
                  let y = HEIGHT - LABELS;
                  return (
                    <g key={d.date}>
                      <title>{`${date(d.date, lang)}: ${d.total} ${t.parcels}`}</title>
                      {KINDS.map((k) => {
                        const h = d.counts[k] * scale;
                        y -= h;
                        return h > 0 ? (
                          <rect key={k} x={i * slot + 2} y={y} width={slot - 4} height={h} fill={COLOURS[k]} />
                        ) : null;
                      })}
                      <text x={i * slot + slot / 2} y={HEIGHT - 4} textAnchor="middle" fontSize="10">
                        {d.date.slice(8)}
                      </text>
                    </g>
                  );
                })}
              </svg>
              <ul className="legend">
                {KINDS.map((k) => (
                  <li key={k}>
                    <span aria-hidden="true" style={{ background: COLOURS[k], display: 'inline-block', width: 10, height: 10 }} />{' '}
                    {t[k]}
                  </li>
                ))}
              </ul>
              <table className="sr-only">
                <caption>{t.title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t.title}</th>
                    {KINDS.map((k) => (
                      <th key={k} scope="col">
                        {t[k]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr key={d.date}>
                      <th scope="row">{date(d.date, lang)}</th>
                      {KINDS.map((k) => (
                        <td key={k}>{d.counts[k]}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
