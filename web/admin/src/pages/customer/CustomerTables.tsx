import { date, money, percent, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import type { ReturnSummary } from '../../types.js';
import { StatusBadge } from '../../ui/Badges.js';
import { Empty } from '../../ui/States.js';
import { useLabels } from '../../ui/useLabels.js';
import type { CustomerDetail, OrderRow } from './customerRows.js';
import { CUSTOMER_TEXTS } from './customerTexts.js';

/** Who the customer is and how much of what they buy comes back. */
export function CustomerFacts({ c, valueReturned, currency }: { c: CustomerDetail; valueReturned: number; currency: string }) {
  const t = useT(CUSTOMER_TEXTS);
  const label = useLabels();
  const lang = useLang();
  return (
    <section className="card">
      <dl className="facts">
        <dt>E-mail</dt>
        <dd>{c.email}</dd>
        <dt>{t.segment}</dt>
        <dd>{label.segment(c.segment)}</dd>
        <dt>{t.country}</dt>
        <dd>{c.country ?? '—'}</dd>
        <dt>{t.since}</dt>
        <dd>{date(c.createdAt, lang)}</dd>
        <dt>{t.orders}</dt>
        <dd>{c.orderCount}</dd>
        <dt>{t.returns}</dt>
        <dd>{c.returnCount}</dd>
        {c.returnRate !== undefined && (
          <>
            <dt>{t.returnRate}</dt>
            <dd>
              <strong>{percent(c.returnRate, lang)}</strong>
            </dd>
          </>
        )}
        <dt>{t.valueReturned}</dt>
        <dd>
          <strong>{money(valueReturned, currency, lang)}</strong>
        </dd>
      </dl>
    </section>
  );
}

export function CustomerReturns({ returns }: { returns: ReturnSummary[] }) {
  const t = useT(CUSTOMER_TEXTS);
  const lang = useLang();
  return (
    <section className="card table-wrap">
      <h2>{t.returns}</h2>
      {returns.length === 0 ? (
        <Empty>{t.noReturns}</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t.number}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.order}</th>
              <th scope="col" className="num">
                {t.items}
              </th>
              <th scope="col" className="num">
                {t.value}
              </th>
              <th scope="col">{t.opened}</th>
            </tr>
          </thead>
          <tbody>
            {returns.map((r) => (
              <tr key={r.id}>
                <td className="number">
                  <a {...linkProps(`/returns/${r.id}`)}>{r.number}</a>
                </td>
                <td>
                  <StatusBadge status={r.status} onHold={r.onHold} />
                </td>
                <td className="number">{r.order.orderNumber}</td>
                <td className="num">{r.lines.reduce((n, l) => n + l.quantity, 0)}</td>
                <td className="num">{money(r.value, r.currency, lang)}</td>
                <td>{date(r.createdAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CustomerOrders({ orders }: { orders: OrderRow[] }) {
  const t = useT(CUSTOMER_TEXTS);
  const lang = useLang();
  return (
    <section className="card table-wrap">
      <h2>{t.orders}</h2>
      {orders.length === 0 ? (
        <Empty>{t.noOrders}</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t.order}</th>
              <th scope="col">{t.placed}</th>
              <th scope="col" className="num">
                {t.total}
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td className="number">{o.orderNumber}</td>
                <td>{date(o.placedAt, lang)}</td>
                <td className="num">{money(o.totalAmount, o.currency, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
