import { type FormEvent, useState } from 'react';
import type { AccessLogPage as Page } from '../../../../src/http/routes/admin/accessLog/schema.js';
import { api, query } from '../api.js';
import { useT } from '../i18n.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { AccessLogTable } from './accessLog/AccessLogTable.js';
import { ACCESS_LOG_TEXTS } from './accessLog/accessLogTexts.js';

interface Filters {
  subjectType: string;
  subjectId: string;
  actorId: string;
  from: string;
  to: string;
}

/** The filters a link brought (a return's "who looked" links here with its subject). */
function filtersOfLocation(): Filters {
  const q = new URLSearchParams(window.location.search);
  const get = (name: string) => q.get(name) ?? '';
  return { subjectType: get('subjectType'), subjectId: get('subjectId'), actorId: get('actorId'), from: '', to: '' };
}

/** A day picked in the form as the API's moment: the start of that day in the browser's zone;
 * "until" takes the whole day. */
const startOf = (day: string, plusDays = 0) => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

const queryOf = (f: Filters) => ({
  subjectType: f.subjectType,
  subjectId: f.subjectId.trim(),
  actorId: f.actorId.trim(),
  from: startOf(f.from),
  to: startOf(f.to, 1),
});

/** The access log (admins): who opened which return or customer and every export, newest first,
 * filtered by subject, actor and period, and downloadable as CSV (which is logged too). */
export function AccessLogPage() {
  const t = useT(ACCESS_LOG_TEXTS);
  const [draft, setDraft] = useState<Filters>(filtersOfLocation);
  const [filters, setFilters] = useState<Filters>(draft);
  const [cursor, setCursor] = useState<string | null>(null);
  const state = useLoad(
    () => api<Page>('GET', `/access-log${query({ ...queryOf(filters), limit: 50, cursor })}`),
    [filters, cursor],
  );
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }),
  });
  function apply(e: FormEvent) {
    e.preventDefault();
    setFilters(draft);
    setCursor(null);
  }
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <form className="card filters" onSubmit={apply} aria-label={t.filters}>
        <label>
          <span>{t.subjectType}</span>
          <select {...field('subjectType')}>
            <option value="">{t.anySubject}</option>
            <option value="return">{t.return}</option>
            <option value="customer">{t.customer}</option>
          </select>
        </label>
        <label>
          <span>{t.subjectId}</span>
          <input {...field('subjectId')} maxLength={64} />
        </label>
        <label>
          <span>{t.actorId}</span>
          <input {...field('actorId')} maxLength={64} />
        </label>
        <label>
          <span>{t.from}</span>
          <input type="date" {...field('from')} />
        </label>
        <label>
          <span>{t.to}</span>
          <input type="date" {...field('to')} />
        </label>
        <div className="toolbar">
          <button type="submit" className="primary">
            {t.apply}
          </button>
          <a className="button" href={`/api/v1/access-log${query({ ...queryOf(filters), format: 'csv' })}`} download>
            {t.download}
          </a>
        </div>
      </form>
      <Loaded state={state}>
        {({ items, nextCursor }) =>
          items.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <>
              <AccessLogTable items={items} />
              {nextCursor && (
                <button type="button" onClick={() => setCursor(nextCursor)}>
                  {t.more}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}
