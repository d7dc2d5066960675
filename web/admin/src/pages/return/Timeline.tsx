import { dateTime, texts, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';

const T = texts({
  en: { title: 'Timeline', by: 'by', empty: 'Nothing has happened yet.' },
  nl: { title: 'Tijdlijn', by: 'door', empty: 'Er is nog niets gebeurd.' },
});

/** What happened to a return, who did it and why: newest first. */
export function Timeline({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  const lang = useLang();
  const events = [...ret.timeline].reverse();
  return (
    <section className="card">
      <h2>{t.title}</h2>
      {events.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <strong>{e.type.replace(/^return\./, '').replaceAll('_', ' ')}</strong>{' '}
              <span className="muted">
                {t.by} {e.actor.type}
                {e.actor.id ? ` ${e.actor.id}` : ''}
                {e.data.automatic ? ' (auto)' : ''}
              </span>
              <br />
              <time dateTime={e.occurredAt}>{dateTime(e.occurredAt, lang)}</time>
              {e.reason && <div>“{e.reason}”</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
