import { type FormEvent, useEffect, useState } from 'react';
import { RISK_SIGNAL_CODES } from '../../../../../src/domain/risk/signals.js';
import { api, query } from '../../api.js';
import { dateTime, money, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { StatusBadge } from '../../ui/Badges.js';
import { Empty, ErrorBox, Loading } from '../../ui/States.js';
import { TableCard } from '../../ui/TableCard.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';
import { pushSearch, useSearch } from '../analytics/address.js';
import { RISK_TEXTS } from './riskTexts.js';
import type { Paged, RiskQueueItem } from './riskWire.js';
import { ScoreBadge, SignalList } from './SignalList.js';

interface Filters {
  minScore: string;
  signal: string;
  status: 'open' | 'all';
}

function filtersOf(search: string): Filters {
  const q = new URLSearchParams(search);
  return { minScore: q.get('minScore') ?? '', signal: q.get('signal') ?? '', status: q.get('status') === 'all' ? 'all' : 'open' };
}

/** The risk queue: returns by score, highest first, each with the signals that make it and their
 * sentences, filtered by a minimum score, a signal, open or all. */
export function RiskReturnsTab() {
  const t = useT(RISK_TEXTS);
  const lang = useLang();
  // The filters live in the address, so a view of the queue can be shared and Back undoes a change.
  const search = useSearch();
  const filters = filtersOf(search);
  const [draft, setDraft] = useState<Filters>(filters);
  useEffect(() => setDraft(filtersOf(search)), [search]);
  const [extra, setExtra] = useState<Paged<RiskQueueItem> | null>(null);
  const params = { minScore: filters.minScore, signal: filters.signal, status: filters.status, locale: lang, limit: 50 };
  const list = useLoad(async () => {
    setExtra(null);
    return api<Paged<RiskQueueItem>>('GET', `/risk/returns${query(params)}`);
  }, [filters, lang]);
  const items = [...(list.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.nextCursor : list.data?.nextCursor;

  async function more() {
    if (!next) return;
    const page = await api<Paged<RiskQueueItem>>('GET', `/risk/returns${query({ ...params, cursor: next })}`);
    setExtra({ items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
  }

  return (
    <>
      <RiskFilters
        draft={draft}
        setDraft={setDraft}
        onSubmit={() => pushSearch(query({ ...draft, status: draft.status === 'open' ? '' : draft.status }))}
      />
      {list.error ? (
        <ErrorBox message={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <>
          <TableCard headers={[t.score, t.return, t.customer, t.value, t.state, t.signals]}>
            {items.map((r) => (
              <QueueRow key={r.id} r={r} />
            ))}
          </TableCard>
          {next && (
            <button type="button" onClick={() => void more()}>
              {t.more}
            </button>
          )}
        </>
      )}
    </>
  );
}

function QueueRow({ r }: { r: RiskQueueItem }) {
  const t = useT(RISK_TEXTS);
  const lang = useLang();
  return (
    <tr data-return={r.number}>
      <td>
        <ScoreBadge score={r.score} level={r.level} />
      </td>
      <td>
        <a className="number" {...linkProps(`/returns/${r.id}`)}>
          {r.number}
        </a>
        <div className="muted">{dateTime(r.createdAt, lang)}</div>
      </td>
      <td>{r.customer ? <a {...linkProps(`/customers/${r.customer.id}`)}>{r.customer.name || r.customer.email}</a> : '—'}</td>
      <td className="num">{money(r.value, r.currency, lang)}</td>
      <td>
        <StatusBadge status={r.status} onHold={r.onHold} />
        {r.refundAfterReceipt && <div className="muted">{t.waitsForReceipt}</div>}
        {r.reviewed && <div className="muted">{t.reviewed}</div>}
      </td>
      <td>
        <SignalList signals={r.signals} empty={t.noSignals} />
      </td>
    </tr>
  );
}

/** Minimum score, one signal, open or all: applied on submit. */
function RiskFilters({ draft, setDraft, onSubmit }: { draft: Filters; setDraft: (f: Filters) => void; onSubmit: () => void }) {
  const t = useT(RISK_TEXTS);
  const label = useLabels();
  return (
    <form
      className="toolbar"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label>
        <span>{t.minScore}</span>
        <input
          type="number"
          min={0}
          max={100}
          value={draft.minScore}
          onChange={(e) => setDraft({ ...draft, minScore: e.target.value })}
        />
      </label>
      <label>
        <span>{t.signal}</span>
        <select value={draft.signal} onChange={(e) => setDraft({ ...draft, signal: e.target.value })}>
          <option value="">{t.anySignal}</option>
          {RISK_SIGNAL_CODES.map((c) => (
            <option key={c} value={c}>
              {label.riskSignal(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.status}</span>
        <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Filters['status'] })}>
          <option value="open">{t.open}</option>
          <option value="all">{t.all}</option>
        </select>
      </label>
      <button type="submit" className="primary">
        {t.filter}
      </button>
    </form>
  );
}
