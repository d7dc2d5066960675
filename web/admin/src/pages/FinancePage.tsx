import { useState } from 'react';
import { REFUND_ROUTES, type RefundRouteName } from '../../../../src/domain/paymentProviders.js';
import { api, query } from '../api.js';
import { date, money, texts, useLang, useT } from '../i18n.js';
import type { JournalLines, Reconciliation } from '../types.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLabels } from '../ui/useLabels.js';
import { useLoad } from '../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Finance',
    journal: 'Refunds and credits journal',
    from: 'From',
    to: 'To',
    download: 'Download CSV',
    byMovement: 'Per movement',
    movement: 'Movement',
    count: 'Lines',
    amount: 'Amount',
    share: 'Share',
    none: 'No money moved in this period.',
    reconciliation: 'Daily reconciliation',
    provider: 'Provider',
    day: 'Day',
    notConfigured: 'This provider is not set up: only Retour’s side is shown.',
    retour: 'In Retour',
    atProvider: 'At the provider',
    differences: 'Differences',
    return: 'Return',
    payment: 'Payment',
    outcome: 'Outcome',
    matched: 'matched',
    missing_at_provider: 'missing at the provider',
    amount_mismatch: 'amounts differ',
    not_in_retour: 'made outside Retour',
    pending: 'pending',
    nothing: 'Nothing went through this provider that day.',
  },
  nl: {
    title: 'Financiën',
    journal: 'Journaal terugbetalingen en tegoed',
    from: 'Van',
    to: 'Tot en met',
    download: 'CSV downloaden',
    byMovement: 'Per mutatie',
    movement: 'Mutatie',
    count: 'Regels',
    amount: 'Bedrag',
    share: 'Aandeel',
    none: 'In deze periode is geen geld bewogen.',
    reconciliation: 'Dagelijkse aansluiting',
    provider: 'Provider',
    day: 'Dag',
    notConfigured: 'Deze provider is niet ingesteld: alleen de kant van Retour wordt getoond.',
    retour: 'In Retour',
    atProvider: 'Bij de provider',
    differences: 'Verschillen',
    return: 'Retour',
    payment: 'Betaling',
    outcome: 'Uitkomst',
    matched: 'klopt',
    missing_at_provider: 'ontbreekt bij de provider',
    amount_mismatch: 'bedragen verschillen',
    not_in_retour: 'buiten Retour gedaan',
    pending: 'bezig',
    nothing: 'Die dag ging er niets via deze provider.',
  },
});

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** For the bookkeeping: the journal of every refund and credit movement, and a provider's day beside Retour's. */
export function FinancePage() {
  const t = useT(T);
  const shop = useLoad(() => api<{ currency: string }>('GET', '/settings/shop'), []);
  return (
    <>
      <h1>{t.title}</h1>
      <Journal />
      <ProviderDay currency={shop.data?.currency ?? 'EUR'} />
    </>
  );
}

function Journal() {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 30 * 86_400_000)));
  const [to, setTo] = useState(isoDay(today));
  const state = useLoad(() => api<JournalLines>('GET', `/finance/journal${query({ from, to, format: 'json' })}`), [from, to]);
  return (
    <section className="card" aria-labelledby="journal-title">
      <h2 id="journal-title">{t.journal}</h2>
      <div className="toolbar">
        <label>
          <span>{t.from}</span>
          <input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          <span>{t.to}</span>
          <input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        <a className="button" href={`/api/v1/finance/journal${query({ from, to, format: 'csv' })}`} download>
          {t.download}
        </a>
      </div>
      <Loaded state={state}>
        {({ items }) => {
          if (items.length === 0) return <Empty>{t.none}</Empty>;
          // Per movement and currency: how many lines and how much, with a bar to compare them.
          const groups = new Map<string, { movement: string; currency: string; count: number; amount: number }>();
          for (const l of items) {
            const key = `${l.movement}|${l.currency}`;
            const g = groups.get(key) ?? { movement: l.movement, currency: l.currency, count: 0, amount: 0 };
            g.count++;
            g.amount += l.amount;
            groups.set(key, g);
          }
          const rows = [...groups.values()].sort((a, b) => b.amount - a.amount);
          const max = Math.max(...rows.map((r) => r.amount), 1);
          return (
            <table className="grid">
              <caption>{t.byMovement}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.movement}</th>
                  <th scope="col" className="num">
                    {t.count}
                  </th>
                  <th scope="col" className="num">
                    {t.amount}
                  </th>
                  <th scope="col">{t.share}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.movement}|${r.currency}`}>
                    <td title={r.movement}>{label.financeMovement(r.movement)}</td>
                    <td className="num">{r.count}</td>
                    <td className="num">{money(r.amount, r.currency, lang)}</td>
                    <td aria-hidden="true" style={{ width: '40%' }}>
                      <div className="bar" style={{ width: `${Math.max(2, (r.amount / max) * 100)}%` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </Loaded>
    </section>
  );
}

/** A payment provider's refunds of one day beside Retour's, with what does not match. */
function ProviderDay({ currency }: { currency: string }) {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const [provider, setProvider] = useState<RefundRouteName>('mollie');
  const [day, setDay] = useState(isoDay(new Date()));
  const state = useLoad(() => api<Reconciliation>('GET', `/finance/reconciliation${query({ provider, day })}`), [provider, day]);
  const m = (v: number) => money(v, currency, lang);
  return (
    <section className="card table-wrap" aria-labelledby="reconcile-title">
      <h2 id="reconcile-title">{t.reconciliation}</h2>
      <div className="toolbar">
        <label>
          <span>{t.provider}</span>
          <select value={provider} onChange={(e) => setProvider(e.target.value as RefundRouteName)}>
            {REFUND_ROUTES.map((p) => (
              <option key={p} value={p}>
                {label.provider(p)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.day}</span>
          <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
      </div>
      <Loaded state={state}>
        {(r) => (
          <>
            {!r.configured && <p className="muted">{t.notConfigured}</p>}
            <dl className="facts">
              <dt>{t.retour}</dt>
              <dd>{m(r.totals.retour)}</dd>
              <dt>{t.atProvider}</dt>
              <dd>{m(r.totals.provider)}</dd>
              <dt>{t.differences}</dt>
              <dd>
                <strong className={r.totals.differences > 0 ? 'badge bad' : 'badge good'}>{r.totals.differences}</strong>
              </dd>
            </dl>
            {r.errors.map((e) => (
              <p key={e.paymentReference} className="error">
                {e.paymentReference}: {e.message}
              </p>
            ))}
            {r.rows.length === 0 ? <Empty>{t.nothing}</Empty> : <ReconciliationTable rows={r.rows} day={day} m={m} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

function ReconciliationTable({ rows, day, m }: { rows: Reconciliation['rows']; day: string; m: (v: number) => string }) {
  const t = useT(T);
  const lang = useLang();
  return (
    <table className="grid">
      <caption>{date(`${day}T12:00:00Z`, lang)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.return}</th>
          <th scope="col">{t.payment}</th>
          <th scope="col" className="num">
            {t.retour}
          </th>
          <th scope="col" className="num">
            {t.atProvider}
          </th>
          <th scope="col">{t.outcome}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.settlementId ?? ''}-${row.provider?.refundId ?? ''}`}>
            <td className="number">{row.returnNumber ?? '—'}</td>
            <td>
              <code>{row.paymentReference}</code>
            </td>
            <td className="num">{row.retour ? m(row.retour.amount) : '—'}</td>
            <td className="num">{row.provider ? m(row.provider.amount) : '—'}</td>
            <td>
              <span className={row.outcome === 'matched' ? 'badge good' : row.outcome === 'pending' ? 'badge' : 'badge bad'}>
                {t[row.outcome]}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
