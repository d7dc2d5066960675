import { type FormEvent, useEffect, useRef, useState } from 'react';
import { texts, useLang, useT } from '../../i18n.js';
import { StatusBadge } from '../../ui/Badges.js';
import { ErrorBox, Loading } from '../../ui/States.js';
import { useLabels } from '../../ui/useLabels.js';
import { fill, STORE_TEXTS } from './storeTexts.js';
import type { Counter } from './useCounter.js';

const T = texts({ en: { results: 'Found' }, nl: { results: 'Gevonden' } });

/** The first step: a scanner (a keyboard that types the QR code and presses Enter) or the staff
 * member fills the one field, which has the focus from the start. */
export function FindStep({ counter }: { counter: Counter }) {
  const t = useT(STORE_TEXTS);
  const [q, setQ] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = q.trim();
    if (!text) return;
    await counter.find(text);
    setQ('');
    input.current?.focus();
  }

  return (
    <section className="card counter-find" aria-labelledby="find-title">
      <h2 id="find-title" className="sr-only">
        {t.stepFind}
      </h2>
      <form onSubmit={submit} className="counter-scan">
        <label>
          <span>{t.scanLabel}</span>
          <input
            ref={input}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            inputMode="search"
            data-testid="counter-scan"
          />
        </label>
        <button type="submit" className="primary big" disabled={counter.search.busy}>
          {t.find}
        </button>
      </form>
      <div aria-live="polite">
        {counter.search.busy && <Loading label={t.searching} />}
        {counter.search.error && <ErrorBox message={counter.search.error} />}
        {!counter.search.busy && counter.found && <Results counter={counter} />}
      </div>
    </section>
  );
}

function Results({ counter }: { counter: Counter }) {
  const t = useT(STORE_TEXTS);
  const tt = useT(T);
  const lang = useLang();
  const labels = useLabels();
  const found = counter.found;
  if (!found) return null;
  if (found.orders.length === 0) return <p className="state empty">{fill(t.nothing, { q: counter.searched })}</p>;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium' }).format(new Date(iso));
  return (
    <>
      <h3 className="sr-only">{tt.results}</h3>
      <ul className="counter-orders">
        {found.orders.map((o) => (
          <li key={o.id} className="card">
            <p>
              <strong>{fill(t.order, { number: o.number })}</strong> · {o.customerName} · {o.email} ·{' '}
              {fill(t.placed, { date: date(o.placedAt) })}
            </p>
            <div className="counter-choices">
              {o.openReturns.map((r) => (
                <button key={r.id} type="button" className="big" onClick={() => counter.choose(o, r)}>
                  {fill(t.openReturn, { number: r.number })} <StatusBadge status={r.status} />{' '}
                  {r.method ? <small>{labels.method(r.method)}</small> : null}
                </button>
              ))}
              <button type="button" className="primary big" onClick={() => counter.choose(o, null)}>
                {t.takeItems}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
