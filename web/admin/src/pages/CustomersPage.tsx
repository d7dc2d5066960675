import { type FormEvent, useState } from 'react';
import type { Customer, CustomerPage } from '../../../../src/http/routes/catalog/customers/schema.js';
import { api, query } from '../api.js';
import { date, texts, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { Empty, ErrorBox, Loading } from '../ui/States.js';
import { useLabels } from '../ui/useLabels.js';
import { useLoad } from '../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Customers',
    search: 'Search by e-mail or name',
    find: 'Search',
    email: 'E-mail',
    name: 'Name',
    segment: 'Segment',
    since: 'Customer since',
    none: 'No customers found.',
    more: 'More',
  },
  nl: {
    title: 'Klanten',
    search: 'Zoeken op e-mail of naam',
    find: 'Zoeken',
    email: 'E-mail',
    name: 'Naam',
    segment: 'Segment',
    since: 'Klant sinds',
    none: 'Geen klanten gevonden.',
    more: 'Meer',
  },
});

/** Customers by e-mail or name, a page at a time. */
export function CustomersPage() {
  const t = useT(T);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [extra, setExtra] = useState<CustomerPage | null>(null);
  const list = useLoad(async () => {
    setExtra(null);
    return api<CustomerPage>('GET', `/customers${query({ q, limit: 50 })}`);
  }, [q]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.nextCursor : list.data?.nextCursor;

  async function more() {
    if (!next) return;
    const page = await api<CustomerPage>('GET', `/customers${query({ q, limit: 50, cursor: next })}`);
    setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
  }

  return (
    <>
      <h1>{t.title}</h1>
      <form
        className="toolbar"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setQ(text.trim());
        }}
      >
        <label>
          <span>{t.search}</span>
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t.find}
        </button>
      </form>
      {list.error ? (
        <ErrorBox message={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <CustomersTable items={items} next={next} onMore={() => void more()} />
      )}
    </>
  );
}

/** The customers found, each opening their page, and the next page on request. */
function CustomersTable({ items, next, onMore }: { items: Customer[]; next: string | null | undefined; onMore: () => void }) {
  const t = useT(T);
  const label = useLabels();
  const lang = useLang();
  return (
    <div className="card table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.segment}</th>
            <th scope="col">{t.since}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <a {...linkProps(`/customers/${c.id}`)}>{c.email}</a>
              </td>
              <td>{[c.firstName, c.lastName].filter(Boolean).join(' ') || '—'}</td>
              <td>{label.segment(c.segment)}</td>
              <td>{date(c.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={onMore}>
          {t.more}
        </button>
      )}
    </div>
  );
}
