import type { CounterOrderWire, CounterSetupWire } from '../../../../../src/http/routes/stores/counter/schema.js';
import { money, useLang, useT } from '../../i18n.js';
import { ItemImage } from '../../ui/ItemImage.js';
import { fill, STORE_TEXTS } from './storeTexts.js';
import type { Counter } from './useCounter.js';

type Line = CounterOrderWire['lines'][number] & { max: number };

/** The second step: how many of each line come back and why. For a return requested online the
 * lines and quantities are the return's; fewer may come. */
export function ItemsStep({ counter, reasons }: { counter: Counter; reasons: CounterSetupWire['reasons'] }) {
  const t = useT(STORE_TEXTS);
  const order = counter.order;
  if (!order) return null;
  const online = counter.online;
  const lines: Line[] = order.lines
    .map((l) => {
      const inReturn = online?.lines.find((r) => r.orderLineId === l.id && r.acceptance === 'approved');
      return { ...l, max: online ? (inReturn?.quantity ?? 0) : l.returnable };
    })
    .filter((l) => !online || l.max > 0);
  // A new return needs a reason per item, as any return does; an online one has its reasons.
  const ready = counter.picks.length > 0 && (online !== null || counter.picks.every((p) => p.reasonCode));
  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">{online ? fill(t.openReturn, { number: online.number }) : t.itemsTitle}</h2>
      <ul className="counter-lines">
        {lines.map((l) => (
          <CounterLine key={l.id} counter={counter} line={l} currency={order.currency} reasons={online ? null : reasons} />
        ))}
      </ul>
      <div className="counter-nav">
        <button type="button" className="big" onClick={counter.reset}>
          {t.back}
        </button>
        <button type="button" className="primary big" disabled={!ready} onClick={() => counter.setStep('grade')}>
          {t.next}
        </button>
      </div>
    </section>
  );
}

/** One order line: its picture, a − / + stepper for the units coming back, and (for a new return) why. */
function CounterLine({
  counter,
  line,
  currency,
  reasons,
}: {
  counter: Counter;
  line: Line;
  currency: string;
  reasons: CounterSetupWire['reasons'] | null;
}) {
  const t = useT(STORE_TEXTS);
  const lang = useLang();
  const pick = counter.picks.find((p) => p.orderLineId === line.id);
  const quantity = pick?.quantity ?? 0;
  const set = (n: number) => counter.setPick(line.id, { quantity: Math.max(0, Math.min(line.max, n)) });
  return (
    <li className="counter-line" data-testid="counter-line">
      <ItemImage image={line.imageUrl ? { url: line.imageUrl, alt: line.title } : null} size={64} />
      <div className="counter-line-text">
        <strong>{line.title}</strong>
        <small>
          {line.sku} · {money(line.unitPaid, currency, lang)}
        </small>
        {line.max === 0 && <small>{t.noneLeft}</small>}
      </div>
      <fieldset className="stepper">
        <legend className="sr-only">{fill(t.quantity, { title: line.title })}</legend>
        <button type="button" className="big" aria-label={t.less} disabled={quantity === 0} onClick={() => set(quantity - 1)}>
          −
        </button>
        <output aria-live="polite">{quantity}</output>
        <button
          type="button"
          className="big"
          aria-label={t.more}
          disabled={quantity >= line.max}
          onClick={() => set(quantity + 1)}
        >
          +
        </button>
      </fieldset>
      {reasons && quantity > 0 && (
        <label className="counter-reason">
          <span>{t.reason}</span>
          <select
            value={pick?.reasonCode ?? ''}
            onChange={(e) => counter.setPick(line.id, { reasonCode: e.target.value || null })}
          >
            <option value="">{t.noReason}</option>
            {reasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.labels[lang] ?? r.labels.en ?? r.code}
              </option>
            ))}
          </select>
        </label>
      )}
    </li>
  );
}
