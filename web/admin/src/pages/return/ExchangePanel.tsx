import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, money, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ExchangeOrder, ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { ReasonAndChoiceForm, ShipForm } from './ActionForms.js';

const T = texts({
  en: {
    title: 'Exchange',
    awaiting_payment: 'Waiting for the price difference',
    reserved: 'Reserved, ships at the policy’s moment',
    ready: 'Ready to ship',
    shipped: 'Shipped',
    cancelled: 'Cancelled',
    instant: 'Instant exchange',
    returnBy: 'Old item back by',
    difference: 'Price difference',
    returnedValue: 'returned item worth',
    bonus: 'exchange bonus',
    totalBonus: 'Exchange bonus (taken off the difference)',
    toPay: 'shopper pays',
    toGetBack: 'back to the shopper',
    paymentLink: 'Payment link',
    paid: 'Paid',
    paymentError: 'The payment provider could not make a payment link',
    providerSaid: 'What the provider answered',
    ship: 'Mark shipped',
    confirmPayment: 'Confirm payment received',
    reference: 'Payment reference',
    check: 'Check payment now',
    cancel: 'Call off the exchange…',
    reason: 'Reason',
    settleAs: 'Settle the lines as',
    refund: 'Refund',
    store_credit: 'Store credit',
    confirmCancel: 'Call off',
    notReturned: 'Old item not back in time',
    charge: 'charged',
    review: 'sent to review',
  },
  nl: {
    title: 'Ruil',
    awaiting_payment: 'Wacht op het prijsverschil',
    reserved: 'Gereserveerd, gaat op het moment uit het beleid de deur uit',
    ready: 'Klaar om te versturen',
    shipped: 'Verstuurd',
    cancelled: 'Geannuleerd',
    instant: 'Directe ruil',
    returnBy: 'Oud artikel terug vóór',
    difference: 'Prijsverschil',
    returnedValue: 'waarde teruggestuurd artikel',
    bonus: 'ruilbonus',
    totalBonus: 'Ruilbonus (van het verschil af)',
    toPay: 'klant betaalt',
    toGetBack: 'terug naar de klant',
    paymentLink: 'Betaallink',
    paid: 'Betaald',
    paymentError: 'De betaalprovider kon geen betaallink maken',
    providerSaid: 'Antwoord van de provider',
    ship: 'Markeren als verstuurd',
    confirmPayment: 'Betaling ontvangen bevestigen',
    reference: 'Betalingskenmerk',
    check: 'Betaling nu controleren',
    cancel: 'Ruil annuleren…',
    reason: 'Reden',
    settleAs: 'Regels afhandelen als',
    refund: 'Terugbetaling',
    store_credit: 'Tegoed',
    confirmCancel: 'Annuleren',
    notReturned: 'Oud artikel niet op tijd terug',
    charge: 'in rekening gebracht',
    review: 'ter beoordeling',
  },
});

/** What goes out instead of money: each exchange order, its payment and shipment, and what staff can do. */
export function ExchangePanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  if (ret.exchangeOrders.length === 0) return null;
  return (
    <section className="card" aria-labelledby="exchange-title">
      <h2 id="exchange-title">{t.title}</h2>
      {ret.exchangeOrders.map((o) => (
        <ExchangeOrderItem key={o.id} o={o} onChanged={onChanged} />
      ))}
    </section>
  );
}

type Run = (method: 'POST', path: string, body: unknown) => (e?: FormEvent) => Promise<void>;

/** One exchange order: its lines and money, and what staff may do at its status. */
export function ExchangeOrderItem({ o, onChanged }: { o: ExchangeOrder; onChanged: () => void }) {
  const t = useT(T);
  const me = useMe();
  const mayShip = can(me.role, 'exchanges.fulfil');
  const mayPay = can(me.role, 'returns.settle');
  const act = useAction();
  const run = (method: 'POST', path: string, body: unknown) => async (e?: FormEvent) => {
    e?.preventDefault();
    if (await act.run(() => api(method, path, body))) onChanged();
  };
  const open = o.status !== 'shipped' && o.status !== 'cancelled';
  return (
    <article aria-label={o.number}>
      <h3>
        <span className="number">{o.number}</span> · <span className="badge">{t[o.status]}</span>{' '}
        {o.instant && <span className="badge">{t.instant}</span>}
      </h3>
      <ExchangeLines o={o} />
      <ExchangeFacts o={o} />
      {o.cancelReason && <p className="muted">{o.cancelReason}</p>}
      {o.payment.error && (
        <div className="error" role="status">
          {t.paymentError}
          <details>
            <summary>{t.providerSaid}</summary>
            <code>{o.payment.error}</code>
          </details>
        </div>
      )}
      {act.error && <ErrorBox message={act.error} />}
      {mayShip && o.status === 'ready' && (
        <ShipForm
          submitLabel={t.ship}
          busy={act.busy}
          onSubmit={(shipment) => run('POST', `/exchange-orders/${o.id}/ship`, shipment)()}
        />
      )}
      {mayPay && o.status === 'awaiting_payment' && <PaymentForm o={o} busy={act.busy} run={run} />}
      {mayPay && open && (
        <ReasonAndChoiceForm
          openLabel={t.cancel}
          reasonLabel={t.reason}
          choiceLabel={t.settleAs}
          choices={[
            { value: 'refund', label: t.refund },
            { value: 'store_credit', label: t.store_credit },
          ]}
          confirmLabel={t.confirmCancel}
          busy={act.busy}
          onSubmit={(reason, settleAs) => run('POST', `/exchange-orders/${o.id}/cancel`, { reason, settleAs })()}
        />
      )}
    </article>
  );
}

/** The new items, each with how its difference came about. */
function ExchangeLines({ o }: { o: ExchangeOrder }) {
  const t = useT(T);
  const lang = useLang();
  const m = (v: number) => money(v, o.currency, lang);
  return (
    <ul>
      {o.lines.map((l) => (
        <li key={l.returnLineId}>
          {l.quantity} × {l.title} ({l.sku}) · {m(l.unitPrice)}{' '}
          {/* How the line's difference came about: new units − returned value − exchange bonus (a
              replacement under the guarantee owes nothing either way, so it has no such sum). */}
          {l.unitPrice * l.quantity - l.returnedValue - l.bonus === l.difference && (
            <span className="muted" data-testid="exchange-breakdown">
              ({m(l.unitPrice * l.quantity)} − {t.returnedValue} {m(l.returnedValue)}
              {l.bonus > 0 ? ` − ${t.bonus} ${m(l.bonus)}` : ''} = {m(l.difference)})
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The bonus, the difference to pay or get back, the payment, the deadline and the shipment. */
function ExchangeFacts({ o }: { o: ExchangeOrder }) {
  const t = useT(T);
  const lang = useLang();
  const m = (v: number) => money(v, o.currency, lang);
  const bonus = o.lines.reduce((sum, l) => sum + (l.bonus ?? 0), 0);
  return (
    <dl className="facts">
      {bonus > 0 && (
        <div>
          <dt>{t.totalBonus}</dt>
          <dd>{m(bonus)}</dd>
        </div>
      )}
      {o.priceDifference !== 0 && (
        <div>
          <dt>{t.difference}</dt>
          <dd>
            {m(Math.abs(o.priceDifference))} ({o.priceDifference > 0 ? t.toPay : t.toGetBack})
          </dd>
        </div>
      )}
      {o.payment.url && (
        <div>
          <dt>{t.paymentLink}</dt>
          <dd>
            <a href={o.payment.url} target="_blank" rel="noreferrer">
              {o.payment.url}
            </a>
          </dd>
        </div>
      )}
      {o.payment.paidAt && (
        <div>
          <dt>{t.paid}</dt>
          <dd>
            {dateTime(o.payment.paidAt, lang)} {o.payment.reference ? `· ${o.payment.reference}` : ''}
          </dd>
        </div>
      )}
      {o.returnBy && (
        <div>
          <dt>{t.returnBy}</dt>
          <dd>{dateTime(o.returnBy, lang)}</dd>
        </div>
      )}
      {o.shipment.shippedAt && (
        <div>
          <dt>{t.shipped}</dt>
          <dd>
            {dateTime(o.shipment.shippedAt, lang)} {o.shipment.trackingNumber ? `· ${o.shipment.trackingNumber}` : ''}
          </dd>
        </div>
      )}
      {o.overdue && (
        <div>
          <dt>{t.notReturned}</dt>
          <dd>
            {o.overdue.action === 'charge'
              ? `${t.charge} ${m(o.overdue.chargeAmount ?? 0)} (${o.overdue.chargeStatus ?? '…'})`
              : t.review}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** Confirming a difference paid outside the provider, or asking the provider again. */
function PaymentForm({ o, busy, run }: { o: ExchangeOrder; busy: boolean; run: Run }) {
  const t = useT(T);
  const [reference, setReference] = useState('');
  return (
    <form className="toolbar" onSubmit={run('POST', `/exchange-orders/${o.id}/payment`, { reference })}>
      <label>
        <span>{t.reference}</span>
        <input required value={reference} onChange={(e) => setReference(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t.confirmPayment}
      </button>
      {o.payment.provider && (
        <button type="button" disabled={busy} onClick={run('POST', `/exchange-orders/${o.id}/check-payment`, {})}>
          {t.check}
        </button>
      )}
    </form>
  );
}
