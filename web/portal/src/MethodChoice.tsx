import type { PickupSlots, PricedEvaluation, Store } from './api.js';
import { ct } from './carrierTexts.js';
import { type Locale, money, slotText, t } from './i18n.js';

const HOW = { qr: 'qrHow', label: 'labelHow', pickup: 'pickupHow', store: 'storeHow' } as const;

/** A method's name and how it goes, in the shopper's language. */
export function methodWords(locale: Locale, method: string): { name: string; how: string } {
  if (method === 'partner') return { name: ct(locale, 'partner'), how: ct(locale, 'partnerHow') };
  return { name: t(locale, method as 'qr'), how: t(locale, HOW[method as keyof typeof HOW] ?? 'qrHow') };
}

/** The ways the item can come back, each with its fee and how it goes. */
export function MethodFieldset({
  locale,
  evaluation,
  method,
  onMethod,
}: {
  locale: Locale;
  evaluation: PricedEvaluation;
  method: string | null;
  onMethod: (method: string) => void;
}) {
  return (
    <fieldset>
      <legend>{t(locale, 'method')}</legend>
      {evaluation.methods.map((m) => (
        <label key={m.method} className="check method">
          <input
            type="radio"
            name="method"
            value={m.method}
            checked={method === m.method}
            onChange={() => onMethod(m.method)}
            aria-describedby={`how-${m.method}`}
          />
          <span>
            <strong>{methodWords(locale, m.method).name}</strong> —{' '}
            {m.fee > 0 ? money(locale, m.fee, evaluation.currency) : t(locale, 'free')}
            <small id={`how-${m.method}`} className="hint">
              {methodWords(locale, m.method).how}
            </small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The slots a carrier can come for a pickup, in the shop's time zone. */
export function PickupSlotSelect({
  locale,
  slots,
  value,
  onChange,
}: {
  locale: Locale;
  slots: PickupSlots | null;
  value: string;
  onChange: (start: string) => void;
}) {
  if (!slots) return <p role="status">{t(locale, 'loading')}</p>;
  return (
    <label>
      <span>{t(locale, 'pickupSlot')}</span>
      <select name="pickupSlot" value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">{t(locale, 'chooseSlot')}</option>
        {slots.slots.map((s) => (
          <option key={s.start} value={s.start}>
            {slotText(locale, s, slots.timeZone)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The shop's stores that take a return over the counter. */
export function StoreSelect({
  locale,
  stores,
  value,
  onChange,
}: {
  locale: Locale;
  stores: Store[];
  value: string;
  onChange: (storeId: string) => void;
}) {
  return (
    <label>
      <span>{t(locale, 'storeChoice')}</span>
      <select name="store" value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">{t(locale, 'chooseStore')}</option>
        {stores.map((s) => (
          <option key={s.id} value={s.id}>
            {`${s.name}, ${s.address.line1}, ${s.address.city}${s.openingHours ? ` (${s.openingHours})` : ''}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How many boxes the return travels in: each gets its own label or code from the carrier. */
export function BoxCount({ locale, value, onChange }: { locale: Locale; value: number; onChange: (count: number) => void }) {
  return (
    <label>
      <span>{ct(locale, 'boxes')}</span>
      <select name="parcelCount" value={value} onChange={(e) => onChange(Number(e.target.value))} aria-describedby="boxes-hint">
        {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <small id="boxes-hint" className="hint">
        {ct(locale, 'boxesHint')}
      </small>
    </label>
  );
}
