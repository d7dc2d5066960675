import { api, query } from '../api.js';
import { date, money, percent, texts, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import type { ReturnSummary } from '../types.js';
import { StatusBadge } from '../ui/Badges.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLabels } from '../ui/useLabels.js';
import { useLoad } from '../ui/useLoad.js';
import { StoreCreditPanel } from './customer/StoreCreditPanel.js';

const T = texts({
  en: {
    back: '← All customers',
    segment: 'Segment',
    since: 'Customer since',
    country: 'Country',
    orders: 'Orders',
    returns: 'Returns',
    returnRate: 'Return rate (units)',
    valueReturned: 'Value returned',
    order: 'Order',
    placed: 'Placed',
    total: 'Total',
    number: 'Return',
    status: 'Status',
    items: 'Items',
    value: 'Value',
    opened: 'Opened',
    noOrders: 'No orders.',
    noReturns: 'No returns.',
  },
  nl: {
    back: '← Alle klanten',
    segment: 'Segment',
    since: 'Klant sinds',
    country: 'Land',
    orders: 'Orders',
    returns: 'Retouren',
    returnRate: 'Retourpercentage (stuks)',
    valueReturned: 'Waarde geretourneerd',
    order: 'Order',
    placed: 'Geplaatst',
    total: 'Totaal',
    number: 'Retour',
    status: 'Status',
    items: 'Artikelen',
    value: 'Waarde',
    opened: 'Geopend',
    noOrders: 'Geen orders.',
    noReturns: 'Geen retouren.',
  },
});

interface CustomerDetail {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  segment: string;
  createdAt: string;
  orderCount: number;
  returnCount: number;
  returnRate?: number;
  valueReturned?: number;
}
interface OrderRow {
  id: string;
  orderNumber: string;
  placedAt: string;
  totalAmount: number;
  currency: string;
}

/** One customer: who they are, what they bought, what came back and how often. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const t = useT(T);
  const label = useLabels();
  const lang = useLang();
  const state = useLoad(
    () =>
      Promise.all([
        api<CustomerDetail>('GET', `/customers/${customerId}`),
        api<{ items: OrderRow[] }>('GET', `/orders${query({ customerId, limit: 100 })}`),
        api<{ items: ReturnSummary[] }>('GET', `/returns${query({ customerId, limit: 100 })}`),
      ]),
    [customerId],
  );
  return (
    <>
      <p>
        <a {...linkProps('/customers')}>{t.back}</a>
      </p>
      <Loaded state={state}>
        {([c, orders, returns]) => {
          const currency = orders.items[0]?.currency ?? returns.items[0]?.currency ?? 'EUR';
          const valueReturned = c.valueReturned ?? returns.items.reduce((sum, r) => sum + r.value, 0);
          return (
            <>
              <h1>{[c.firstName, c.lastName].filter(Boolean).join(' ') || c.email}</h1>
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
              <StoreCreditPanel customerId={c.id} currency={currency} />
              <div className="columns">
                <section className="card table-wrap">
                  <h2>{t.returns}</h2>
                  {returns.items.length === 0 ? (
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
                        {returns.items.map((r) => (
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
                <section className="card table-wrap">
                  <h2>{t.orders}</h2>
                  {orders.items.length === 0 ? (
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
                        {orders.items.map((o) => (
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
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
