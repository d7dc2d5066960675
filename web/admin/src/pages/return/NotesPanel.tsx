import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    title: 'Notes and messages',
    empty: 'No notes or messages yet.',
    internal: 'Internal note',
    shopper: 'Message to the shopper',
    text: 'Text',
    kind: 'Kind',
    add: 'Add',
    send: 'Send',
  },
  nl: {
    title: 'Notities en berichten',
    empty: 'Nog geen notities of berichten.',
    internal: 'Interne notitie',
    shopper: 'Bericht aan de shopper',
    text: 'Tekst',
    kind: 'Soort',
    add: 'Toevoegen',
    send: 'Versturen',
  },
});

/** Internal notes stay with staff; messages go to the shopper's status page. */
export function NotesPanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const action = useAction();
  const kinds = [
    ...(can(me.role, 'returns.note') ? (['internal'] as const) : []),
    ...(can(me.role, 'returns.message') ? (['shopper'] as const) : []),
  ];
  const [kind, setKind] = useState<'internal' | 'shopper'>(kinds[0] ?? 'internal');
  const [body, setBody] = useState('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() => api('POST', `/returns/${ret.id}/${kind === 'internal' ? 'notes' : 'messages'}`, { body }));
    if (ok) {
      setBody('');
      onChanged();
    }
  }

  return (
    <section className="card">
      <h2>{t.title}</h2>
      {ret.notes.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <ul className="timeline">
          {ret.notes.map((n) => (
            <li key={n.id}>
              <strong>{n.kind === 'internal' ? t.internal : t.shopper}</strong>{' '}
              <span className="muted">
                {n.author?.name} · {dateTime(n.createdAt, lang)}
              </span>
              <p>{n.body}</p>
            </li>
          ))}
        </ul>
      )}
      {kinds.length > 0 && (
        <form onSubmit={submit}>
          {kinds.length > 1 && (
            <label>
              <span>{t.kind}</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as 'internal' | 'shopper')}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {k === 'internal' ? t.internal : t.shopper}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            <span>{kinds.length > 1 ? t.text : kind === 'internal' ? t.internal : t.shopper}</span>
            <textarea required maxLength={5000} value={body} onChange={(e) => setBody(e.target.value)} />
          </label>
          {action.error && <ErrorBox message={action.error} />}
          <button type="submit" className="primary" disabled={action.busy}>
            {kind === 'internal' ? t.add : t.send}
          </button>
        </form>
      )}
    </section>
  );
}
