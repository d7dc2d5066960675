import { money, useLang, useT } from '../../i18n.js';
import { ErrorBox, Loading } from '../../ui/States.js';
import { fill, STORE_TEXTS } from './storeTexts.js';
import type { Counter } from './useCounter.js';

/** The fourth step: the shopper's choice of how the money comes back (for a new return; an online
 * return keeps what was chosen then), and the one button that takes the goods back. The button
 * stays disabled while the call runs, and a repeat sends the same request. */
export function RefundStep({ counter }: { counter: Counter }) {
  const t = useT(STORE_TEXTS);
  const lang = useLang();
  const order = counter.order;
  if (!order) return null;
  const units = counter.picks.reduce((a, p) => a + p.quantity, 0);
  const value = counter.picks.reduce(
    (a, p) => a + p.quantity * (order.lines.find((l) => l.id === p.orderLineId)?.unitPaid ?? 0),
    0,
  );
  const options = [
    { value: 'refund' as const, title: t.refund, hint: t.refundHint },
    { value: 'store_credit' as const, title: t.credit, hint: t.creditHint },
  ];
  return (
    <section className="card" aria-labelledby="refund-title">
      <h2 id="refund-title">{t.refundTitle}</h2>
      {counter.online ? (
        <p>{t.onlineChoice}</p>
      ) : (
        <fieldset className="refund-choices">
          <legend className="sr-only">{t.refundTitle}</legend>
          {options.map((o) => (
            <label key={o.value} className={`refund-choice${counter.resolution === o.value ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="resolution"
                value={o.value}
                checked={counter.resolution === o.value}
                onChange={() => counter.setResolution(o.value)}
              />
              <span>
                <b>{o.title}</b>
                <small>{o.hint}</small>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <p data-testid="counter-summary">{fill(t.summary, { n: units, amount: money(value, order.currency, lang) })}</p>
      {counter.submit.busy && <Loading label={t.working} />}
      {counter.submit.error && <ErrorBox message={counter.submit.error} />}
      <div className="counter-nav">
        <button type="button" className="big" disabled={counter.submit.busy} onClick={() => counter.setStep('grade')}>
          {t.back}
        </button>
        <button type="button" className="primary big" disabled={counter.submit.busy} onClick={() => void counter.confirm()}>
          {t.confirm}
        </button>
      </div>
    </section>
  );
}
