import { type FormEvent, useState } from 'react';
import { RETURN_METHODS } from '../../../../src/domain/policy/vocabulary.js';
import { can } from '../access.js';
import { api, problemText, query } from '../api.js';
import { ago, dateTime, money, texts, useLang, useT, withCurrency } from '../i18n.js';
import { humanise } from '../labels.js';
import { linkProps, navigate } from '../router.js';
import { useMe } from '../session.js';
import type { Reason, ReturnSummary } from '../types.js';
import { RiskBadge, STATUS_ORDER, StatusBadge, useStatusLabel } from '../ui/Badges.js';
import { Empty, ErrorBox, Loading } from '../ui/States.js';
import { useLabels, useShopCurrency } from '../ui/useLabels.js';
import { useLiveUpdates } from '../ui/useLiveUpdates.js';
import { useLoad } from '../ui/useLoad.js';
import { SavedViews } from './queue/SavedViews.js';

const T = texts({
  en: {
    title: 'Returns',
    refundOverdue: 'Refund overdue',
    search: 'Search',
    searchHint: 'Return, order, e-mail or tracking number',
    all: 'All',
    hold: 'Hold',
    onHold: 'On hold',
    notOnHold: 'Not on hold',
    reason: 'Reason',
    channel: 'Channel',
    risk: 'Risk',
    low: 'Low',
    medium: 'Medium',
    high: 'High',
    minValue: 'Value from',
    maxValue: 'Value to',
    age: 'Older than (days)',
    method: 'Method',
    sort: 'Sort',
    newest: 'Newest first',
    oldest: 'Oldest first',
    value_desc: 'Highest value',
    value_asc: 'Lowest value',
    risk_desc: 'Highest risk',
    updated_desc: 'Recently changed',
    apply: 'Apply',
    clear: 'Clear filters',
    number: 'Return',
    status: 'Status',
    customer: 'Customer',
    order: 'Order',
    items: 'Items',
    value: 'Value',
    opened: 'Opened',
    select: 'Select',
    selectAll: 'Select all on this page',
    selected: 'selected',
    approve: 'Approve',
    reject: 'Reject',
    bulkReason: 'Reason (required to reject)',
    bulkDone: 'decided',
    bulkSkipped: 'skipped',
    none: 'No returns match these filters.',
    next: 'Next page',
    first: 'First page',
    updated: 'Updated',
    live: 'The list updates itself when anything changes.',
    liveOn: 'live',
    liveOff: 'reconnecting',
    countsLabel: 'Returns per status',
  },
  nl: {
    refundOverdue: 'Terugbetaling te laat',
    title: 'Retouren',
    search: 'Zoeken',
    searchHint: 'Retour-, order-, trackingnummer of e-mail',
    all: 'Alle',
    hold: 'Wacht',
    onHold: 'In de wacht',
    notOnHold: 'Niet in de wacht',
    reason: 'Reden',
    channel: 'Kanaal',
    risk: 'Risico',
    low: 'Laag',
    medium: 'Middel',
    high: 'Hoog',
    minValue: 'Waarde vanaf',
    maxValue: 'Waarde tot',
    age: 'Ouder dan (dagen)',
    method: 'Methode',
    sort: 'Sorteren',
    newest: 'Nieuwste eerst',
    oldest: 'Oudste eerst',
    value_desc: 'Hoogste waarde',
    value_asc: 'Laagste waarde',
    risk_desc: 'Hoogste risico',
    updated_desc: 'Laatst gewijzigd',
    apply: 'Toepassen',
    clear: 'Filters wissen',
    number: 'Retour',
    status: 'Status',
    customer: 'Klant',
    order: 'Order',
    items: 'Artikelen',
    value: 'Waarde',
    opened: 'Geopend',
    select: 'Selecteren',
    selectAll: 'Alles op deze pagina selecteren',
    selected: 'geselecteerd',
    approve: 'Goedkeuren',
    reject: 'Afwijzen',
    bulkReason: 'Reden (verplicht bij afwijzen)',
    bulkDone: 'besloten',
    bulkSkipped: 'overgeslagen',
    none: 'Geen retouren voor deze filters.',
    next: 'Volgende pagina',
    first: 'Eerste pagina',
    updated: 'Bijgewerkt',
    live: 'De lijst werkt zichzelf bij zodra er iets verandert.',
    liveOn: 'live',
    liveOff: 'verbinden',
    countsLabel: 'Retouren per status',
  },
});

/** Filters live in the address bar: a link or a saved view brings back the same queue. */
export type Filters = Record<string, string>;
const FILTER_KEYS = [
  'q',
  'status',
  'onHold',
  'reason',
  'channel',
  'risk',
  'minValue',
  'maxValue',
  'minAgeDays',
  'method',
  'sort',
];
const SORTS = ['newest', 'oldest', 'value_desc', 'value_asc', 'risk_desc', 'updated_desc'] as const;

function readFilters(): Filters {
  const params = new URLSearchParams(window.location.search);
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

function writeFilters(f: Filters) {
  navigate(`/${query(f)}`, { replace: true });
}

/** Money filters are typed in euros, sent in cents. */
const cents = (euros: string | undefined) => (euros ? String(Math.round(Number(euros) * 100)) : undefined);

function apiFilters(f: Filters) {
  return { ...f, minValue: cents(f.minValue), maxValue: cents(f.maxValue) };
}

interface Page {
  items: ReturnSummary[];
  nextCursor: string | null;
}
interface Counts {
  byStatus: Record<string, number>;
  onHold: number;
  total: number;
}

export function QueuePage() {
  const t = useT(T);
  const label = useLabels();
  const currency = useShopCurrency();
  const lang = useLang();
  const me = useMe();
  const statusLabel = useStatusLabel();
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkReason, setBulkReason] = useState('');
  const [bulkResult, setBulkResult] = useState<string | null>(null);
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  const cursor = cursors[cursors.length - 1];

  const list = useLoad(async () => {
    const [page, counts] = await Promise.all([
      api<Page>('GET', `/returns${query({ ...apiFilters(filters), cursor, limit: 25 })}`),
      api<Counts>('GET', `/returns/counts${query({ ...apiFilters(filters), status: undefined, sort: undefined })}`),
    ]);
    setRefreshedAt(new Date());
    return { page, counts };
  }, [filters, cursor]);
  const lookups = useLoad(
    () =>
      Promise.all([
        api<Reason[]>('GET', '/reasons'),
        can(me.role, 'orders.read') ? api<{ code: string; name: string }[]>('GET', '/channels') : Promise.resolve([]),
      ]),
    [],
  );

  // New returns and changes by colleagues show up without a reload, as the server reports them.
  const live = useLiveUpdates(() => void list.reload());

  function apply(next: Filters) {
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined));
    setFilters(clean);
    setDraft(clean);
    setCursors([]);
    setSelected(new Set());
    writeFilters(clean);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    apply(draft);
  }

  const items = list.data?.page.items ?? [];
  const selectable = items.filter((r) => r.status === 'under_review' || r.status === 'requested');
  const canReview = can(me.role, 'returns.review');

  async function bulk(action: 'approve' | 'reject') {
    setBusy(true);
    setBulkError(null);
    setBulkResult(null);
    try {
      const res = await api<{ decided: number; skipped: number; results: { returnId: string; ok: boolean; message?: string }[] }>(
        'POST',
        '/returns/bulk',
        { action, returnIds: [...selected], reason: bulkReason || null },
      );
      const skipped = res.results
        .filter((r) => !r.ok)
        .map((r) => `${items.find((i) => i.id === r.returnId)?.number}: ${r.message}`);
      setBulkResult(
        `${res.decided} ${t.bulkDone}, ${res.skipped} ${t.bulkSkipped}${skipped.length ? ` — ${skipped.join('; ')}` : ''}`,
      );
      setSelected(new Set());
      setBulkReason('');
      await list.reload();
    } catch (err) {
      setBulkError(problemText(err));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: string) => ({
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });

  const reasons = lookups.data?.[0] ?? [];
  const channels = lookups.data?.[1] ?? [];
  const counts = list.data?.counts;
  const statusFilter = filters.status ?? '';

  return (
    <>
      <h1>{t.title}</h1>
      <SavedViews filters={filters} onApply={apply} />
      {counts && (
        <section className="counts" aria-label={t.countsLabel}>
          <button type="button" aria-pressed={!statusFilter} onClick={() => apply({ ...filters, status: '' })}>
            {t.all} ({counts.total})
          </button>
          {STATUS_ORDER.filter((s) => counts.byStatus[s]).map((s) => (
            <button key={s} type="button" aria-pressed={statusFilter === s} onClick={() => apply({ ...filters, status: s })}>
              {statusLabel(s)} ({counts.byStatus[s]})
            </button>
          ))}
          <button
            type="button"
            aria-pressed={filters.onHold === 'true'}
            onClick={() => apply({ ...filters, onHold: filters.onHold === 'true' ? '' : 'true' })}
          >
            {t.onHold} ({counts.onHold})
          </button>
        </section>
      )}
      <form className="card toolbar" onSubmit={submit} aria-label={t.search}>
        <label>
          <span>{t.search}</span>
          <input type="search" placeholder={t.searchHint} {...field('q')} />
        </label>
        <label>
          <span>{t.reason}</span>
          <select {...field('reason')}>
            <option value="">{t.all}</option>
            {reasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.parentCode ? '— ' : ''}
                {r.labels[lang] ?? r.labels.en ?? r.code}
              </option>
            ))}
          </select>
        </label>
        {channels.length > 0 && (
          <label>
            <span>{t.channel}</span>
            <select {...field('channel')}>
              <option value="">{t.all}</option>
              {channels.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t.risk}</span>
          <select {...field('risk')}>
            <option value="">{t.all}</option>
            <option value="high">{t.high}</option>
            <option value="medium,high">
              {t.medium}+{t.high.toLowerCase()}
            </option>
            <option value="medium">{t.medium}</option>
            <option value="low">{t.low}</option>
          </select>
        </label>
        <label>
          <span>{t.method}</span>
          <select {...field('method')}>
            <option value="">{t.all}</option>
            {RETURN_METHODS.map((m) => (
              <option key={m} value={m}>
                {label.method(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{withCurrency(t.minValue, currency, lang)}</span>
          <input type="number" min="0" step="1" inputMode="decimal" size={6} {...field('minValue')} />
        </label>
        <label>
          <span>{withCurrency(t.maxValue, currency, lang)}</span>
          <input type="number" min="0" step="1" inputMode="decimal" size={6} {...field('maxValue')} />
        </label>
        <label>
          <span>{t.age}</span>
          <input type="number" min="0" step="1" size={4} {...field('minAgeDays')} />
        </label>
        <label>
          <span>{t.sort}</span>
          <select {...field('sort')}>
            {SORTS.map((s) => (
              <option key={s} value={s === 'newest' ? '' : s}>
                {t[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t.apply}
        </button>
        <button type="button" onClick={() => apply({})}>
          {t.clear}
        </button>
      </form>

      {canReview && selected.size > 0 && (
        <section className="card toolbar" aria-live="polite">
          <strong>
            {selected.size} {t.selected}
          </strong>
          <label>
            <span>{t.bulkReason}</span>
            <input value={bulkReason} onChange={(e) => setBulkReason(e.target.value)} size={40} />
          </label>
          <button type="button" className="primary" disabled={busy} onClick={() => bulk('approve')}>
            {t.approve}
          </button>
          <button type="button" className="danger" disabled={busy || !bulkReason.trim()} onClick={() => bulk('reject')}>
            {t.reject}
          </button>
        </section>
      )}
      {bulkResult && (
        <p className="ok" role="status">
          {bulkResult}
        </p>
      )}
      {bulkError && <ErrorBox message={bulkError} />}

      {list.error ? (
        <ErrorBox message={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <div className="table-wrap card">
          <table className="grid">
            <thead>
              <tr>
                {canReview && (
                  <th scope="col">
                    <input
                      type="checkbox"
                      aria-label={t.selectAll}
                      checked={selectable.length > 0 && selectable.every((r) => selected.has(r.id))}
                      onChange={(e) => setSelected(e.target.checked ? new Set(selectable.map((r) => r.id)) : new Set())}
                    />
                  </th>
                )}
                <th scope="col">{t.number}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.customer}</th>
                <th scope="col">{t.order}</th>
                <th scope="col" className="num">
                  {t.items}
                </th>
                <th scope="col" className="num">
                  {t.value}
                </th>
                <th scope="col">{t.risk}</th>
                <th scope="col">{t.channel}</th>
                <th scope="col">{t.opened}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} className={selected.has(r.id) ? 'selected' : undefined}>
                  {canReview && (
                    <td>
                      {selectable.includes(r) && (
                        <input
                          type="checkbox"
                          aria-label={`${t.select} ${r.number}`}
                          checked={selected.has(r.id)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(r.id);
                            else next.delete(r.id);
                            setSelected(next);
                          }}
                        />
                      )}
                    </td>
                  )}
                  <td className="number">
                    <a {...linkProps(`/returns/${r.id}`)}>{r.number}</a>
                  </td>
                  <td>
                    <StatusBadge status={r.status} onHold={r.onHold} />
                    {r.refundOverdue && (
                      <>
                        {' '}
                        <span className="badge bad">{t.refundOverdue}</span>
                      </>
                    )}
                  </td>
                  <td>
                    {r.customer.name ?? r.customer.email}
                    <br />
                    <small className="muted">{r.customer.email}</small>
                  </td>
                  <td className="number">{r.order.orderNumber}</td>
                  <td className="num">{r.lines.reduce((n, l) => n + l.quantity, 0)}</td>
                  <td className="num">{money(r.value, r.currency, lang)}</td>
                  <td>
                    <RiskBadge risk={r.risk} />
                  </td>
                  <td>{channels.find((c) => c.code === r.channel)?.name ?? humanise(r.channel)}</td>
                  <td title={dateTime(r.createdAt, lang)}>{ago(r.createdAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="toolbar">
        {cursors.length > 0 && (
          <button type="button" onClick={() => setCursors([])}>
            {t.first}
          </button>
        )}
        {list.data?.page.nextCursor && (
          <button type="button" onClick={() => setCursors([...cursors, list.data?.page.nextCursor ?? ''])}>
            {t.next}
          </button>
        )}
        <small className="muted" title={t.live}>
          {list.loading ? <span className="spinner" aria-hidden="true" /> : null}{' '}
          <span className={`badge ${live === 'live' ? 'good' : 'warn'}`} data-live={live}>
            {live === 'live' ? t.liveOn : t.liveOff}
          </span>{' '}
          {t.updated} {refreshedAt?.toLocaleTimeString(lang === 'nl' ? 'nl-NL' : 'en-GB')}
        </small>
      </div>
    </>
  );
}
