import { dateTime, texts, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { useLabels } from '../../ui/useLabels.js';

const T = texts({
  en: {
    title: 'Timeline',
    by: 'by',
    empty: 'Nothing has happened yet.',
    staff: 'staff member',
    api_key: 'API key',
    shopper: 'the shopper',
    system: 'Retour',
    cli: 'the command line',
    rule: 'rule',
    automatic: 'automatically',
    refused: 'The payment provider refused it',
  },
  nl: {
    title: 'Tijdlijn',
    by: 'door',
    empty: 'Er is nog niets gebeurd.',
    staff: 'medewerker',
    api_key: 'API-sleutel',
    shopper: 'de shopper',
    system: 'Retour',
    cli: 'de opdrachtregel',
    rule: 'regel',
    automatic: 'automatisch',
    refused: 'De betaalprovider weigerde het',
  },
});

type Actor = ReturnDetail['timeline'][number]['actor'];

/** Who did it, in words: a colleague by name, an integration by its key's name, else the kind. */
function who(actor: Actor, data: Record<string, unknown>, t: (typeof T)['en']): string {
  const kind = t[actor.type as 'staff'] ?? actor.type;
  const named = actor.name ? (actor.type === 'api_key' || actor.type === 'rule' ? `${kind} “${actor.name}”` : actor.name) : kind;
  const rule = typeof data.rule === 'string' ? data.rule : null;
  return data.automatic ? `${named} (${rule ? `${t.rule} ${rule}` : t.automatic})` : named;
}

/** What happened to a return, who did it and why: newest first. */
export function Timeline({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
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
              <strong title={e.type}>{label.event(e.type)}</strong>{' '}
              <span className="muted">
                {t.by} <span title={e.actor.id ?? undefined}>{who(e.actor, e.data, t)}</span>
              </span>
              <br />
              <time dateTime={e.occurredAt}>{dateTime(e.occurredAt, lang)}</time>
              {e.type === 'return.settlement_failed' ? (
                // The provider's own words are for whoever follows it up with them; staff read why in their language.
                <details>
                  <summary>{t.refused}</summary>
                  <code>{[e.reason, typeof e.data.message === 'string' ? e.data.message : null].filter(Boolean).join(': ')}</code>
                </details>
              ) : (
                e.reason && <div>“{e.reason}”</div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
