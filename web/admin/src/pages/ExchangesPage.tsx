import { EXCHANGE_STATUSES, type ExchangeStatus } from '../../../../src/domain/exchangeOrderLifecycle.js';
import { isOneOf } from '../../../../src/domain/oneOf.js';
import { api, query } from '../api.js';
import { texts, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import type { ExchangeOrderPage } from '../types.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { ExchangeOrderItem } from './return/ExchangePanel.js';

/** The tabs: what is ready to ship first (the work), then the order's own states. */
const STATUSES: readonly ExchangeStatus[] = ['ready', ...EXCHANGE_STATUSES.filter((s) => s !== 'ready')];

const T = texts({
  en: {
    title: 'Exchanges',
    filter: 'Exchange status',
    ready: 'To ship',
    awaiting_payment: 'Waiting for payment',
    reserved: 'Reserved',
    shipped: 'Shipped',
    cancelled: 'Cancelled',
    none: 'Nothing here.',
    open: 'Open return',
  },
  nl: {
    title: 'Ruilingen',
    filter: 'Status van de ruil',
    ready: 'Te versturen',
    awaiting_payment: 'Wacht op betaling',
    reserved: 'Gereserveerd',
    shipped: 'Verstuurd',
    cancelled: 'Geannuleerd',
    none: 'Niets hier.',
    open: 'Retour openen',
  },
});

/** The exchange orders to work through: by default what is ready to ship, oldest first. */
export function ExchangesPage({ status }: { status: string | null }) {
  const t = useT(T);
  const current: ExchangeStatus = isOneOf(EXCHANGE_STATUSES, status) ? status : 'ready';
  const state = useLoad(
    () => api<ExchangeOrderPage>('GET', `/exchange-orders${query({ status: current, limit: 100 })}`),
    [current],
  );
  return (
    <>
      <h1>{t.title}</h1>
      <nav className="tabs" aria-label={t.filter}>
        {STATUSES.map((s) => (
          <a key={s} {...linkProps(`/exchanges/${s}`)} aria-current={s === current ? 'page' : undefined}>
            {t[s]}
          </a>
        ))}
      </nav>
      <Loaded state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            items.map((o) => (
              <section className="card" key={o.id}>
                <p>
                  <a {...linkProps(`/returns/${o.returnId}`)}>
                    {t.open} {o.returnNumber}
                  </a>
                </p>
                <ExchangeOrderItem o={o} onChanged={state.reload} />
              </section>
            ))
          )
        }
      </Loaded>
    </>
  );
}
