import { type FormEvent, useState } from 'react';
import { isOneOf } from '../../../src/domain/oneOf.js';
import { BREAKDOWN_ADDITIONS, BREAKDOWN_DEDUCTIONS } from '../../../src/domain/refund.js';
import { DISPUTABLE_STATUSES } from '../../../src/domain/returnStatus.js';
import { Alert } from './Alert.js';
import { api, type ReturnView } from './api.js';
import { dateTime, type Locale, money, type TextKey, t } from './i18n.js';

const DEDUCTIONS = BREAKDOWN_DEDUCTIONS;
const ADDITIONS = BREAKDOWN_ADDITIONS;

/** What the shopper gets back and how it was worked out, with the way to dispute a deduction. */
export function MoneyPanel({ locale, view, onChanged }: { locale: Locale; view: ReturnView; onChanged: () => void }) {
  if (view.settlements.length === 0 && view.exchangeOrders.length === 0) return null;
  const deducted = view.settlements.some(
    (s) => s.status === 'succeeded' && DEDUCTIONS.some((k) => Number(s.breakdown?.[k] ?? 0) > 0),
  );
  const disputed = view.disputeOpen;
  const canDispute = deducted && !disputed && isOneOf(DISPUTABLE_STATUSES, view.status);

  return (
    <div data-testid="money">
      <ExchangeOrders locale={locale} view={view} />
      {view.settlements.length > 0 && <h3>{t(locale, 'money.title')}</h3>}
      <ul className="plain">
        {view.settlements.map((s) => (
          <SettlementItem key={s.id} locale={locale} view={view} settlement={s} />
        ))}
      </ul>
      {disputed && <p role="status">{t(locale, 'money.disputeOpen')}</p>}
      {canDispute && <DisputeForm locale={locale} view={view} onChanged={onChanged} />}
    </div>
  );
}

/** The exchange: where it stands, the link to pay a difference, and the parcel on its way. */
function ExchangeOrders({ locale, view }: { locale: Locale; view: ReturnView }) {
  if (view.exchangeOrders.length === 0) return null;
  const m = (v: number) => money(locale, v, view.currency);
  return (
    <div data-testid="exchange">
      <h3>{t(locale, 'exchange.title')}</h3>
      <ul className="plain">
        {view.exchangeOrders.map((o) => (
          <li key={o.id}>
            <strong>{o.lines.map((l) => `${l.quantity} × ${l.title}`).join(', ')}</strong>
            <p role="status">{t(locale, `exchange.${o.status}` as TextKey)}</p>
            {o.payment.url && o.status === 'awaiting_payment' && (
              <p>
                <a className="button" href={o.payment.url} rel="noreferrer">
                  {t(locale, 'exchange.pay', { amount: m(o.priceDifference) })}
                </a>
              </p>
            )}
            {o.priceDifference < 0 && o.status !== 'cancelled' && (
              <p>{t(locale, 'exchange.back', { amount: m(-o.priceDifference) })}</p>
            )}
            {o.returnBy && o.status !== 'cancelled' && (
              <p>{t(locale, 'exchange.returnBy', { date: dateTime(locale, o.returnBy, view.timeZone) })}</p>
            )}
            {o.overdue?.chargeUrl && (
              <p>
                <a className="button" href={o.overdue.chargeUrl} rel="noreferrer">
                  {t(locale, 'exchange.charge', { amount: m(o.overdue.chargeAmount ?? 0) })}
                </a>
              </p>
            )}
            {o.shipment.trackingNumber && (
              <p>
                {t(locale, 'exchange.tracking')}: <code>{o.shipment.trackingNumber}</code>
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Settlement = ReturnView['settlements'][number];

/** One payment or credit: its amount and state, and how it was worked out from what was paid. */
function SettlementItem({ locale, view, settlement: s }: { locale: Locale; view: ReturnView; settlement: Settlement }) {
  const m = (v: unknown) => money(locale, Number(v ?? 0), view.currency);
  const b = s.breakdown ?? {};
  return (
    <li>
      <strong>
        {t(locale, `money.${s.kind}` as TextKey)}: {m(s.amount)} — {t(locale, `money.${s.status}` as TextKey)}
      </strong>{' '}
      <small>{dateTime(locale, s.succeededAt ?? s.createdAt, view.timeZone)}</small>
      {s.kind === 'store_credit' && s.reference && (
        <p>
          {t(locale, 'money.code')}: <code>{s.reference}</code>
        </p>
      )}
      {Number(b.paid ?? 0) > 0 && (
        <dl className="breakdown">
          <dt>{t(locale, 'money.paid')}</dt>
          <dd>{m(b.paid)}</dd>
          {DEDUCTIONS.filter((k) => Number(b[k] ?? 0) > 0).map((k) => (
            <div key={k}>
              <dt>{t(locale, `money.${k}`)}</dt>
              <dd>− {m(b[k])}</dd>
            </div>
          ))}
          {ADDITIONS.filter((k) => Number(b[k] ?? 0) > 0).map((k) => (
            <div key={k}>
              <dt>{t(locale, `money.${k}`)}</dt>
              <dd>+ {m(b[k])}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** Disputing a deduction: a message to the shop, once. */
function DisputeForm({ locale, view, onChanged }: { locale: Locale; view: ReturnView; onChanged: () => void }) {
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function dispute(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/shopper/returns/${view.id}/dispute`, { message }, { 'idempotency-key': `dispute-${view.id}` });
      onChanged();
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form onSubmit={dispute}>
        <label>
          <span>
            {t(locale, 'money.dispute')} {t(locale, 'money.disputeText')}
          </span>
          <textarea required maxLength={2000} value={message} onChange={(e) => setMessage(e.target.value)} />
        </label>
        <button type="submit" className="secondary" disabled={busy}>
          {t(locale, 'money.disputeSend')}
        </button>
      </form>
      <Alert message={error} />
    </>
  );
}
