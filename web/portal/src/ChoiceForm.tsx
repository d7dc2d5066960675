import type { LineVerdict, Reason } from './api.js';
import { ExchangePicker } from './ExchangePicker.js';
import { type Locale, money, t } from './i18n.js';
import { PhotoPicker } from './PhotoPicker.js';
import type { LineChoice, LineChoices } from './useLineChoices.js';

const labelOf = (locale: Locale, labels: Record<string, string>, code: string) => labels[locale] ?? labels.en ?? code;

/** How one chosen line comes back: how many, why, what the shopper wants instead, photos and a comment. */
export function ChoiceForm({
  locale,
  reasons,
  verdict,
  choice,
  currency,
  tried,
  lines,
}: {
  locale: Locale;
  reasons: Reason[];
  verdict: LineVerdict;
  choice: LineChoice;
  currency: string;
  tried: boolean;
  lines: LineChoices;
}) {
  const id = choice.orderLineId;
  const update = (patch: Partial<LineChoice>) => lines.update(id, patch);
  const missing = tried ? lines.missing(choice) : null;
  return (
    <div className="choice">
      {verdict.returnableQuantity > 1 && (
        <label>
          <span>{t(locale, 'quantity')}</span>
          <select value={choice.quantity} onChange={(e) => update({ quantity: Number(e.target.value) })}>
            {Array.from({ length: verdict.returnableQuantity }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
      <ReasonSelect
        locale={locale}
        reasons={reasons}
        value={choice.reasonCode}
        onChange={(reasonCode) => update({ reasonCode })}
      />
      <ResolutionChoice locale={locale} verdict={verdict} choice={choice} currency={currency} onChange={update} />
      {choice.resolution === 'exchange' && (
        <ExchangePicker
          locale={locale}
          orderLineId={id}
          quantity={choice.quantity}
          currency={currency}
          value={choice.exchangeVariantId}
          onChange={(v) => update({ exchangeVariantId: v?.variantId ?? null, exchangeTitle: v ? v.title : null })}
        />
      )}
      {lines.needsPhoto(choice) && (
        <PhotoPicker locale={locale} required photos={choice.photos} onChange={(photos) => update({ photos })} />
      )}
      {missing && <p className="error">{t(locale, missing)}</p>}
      <label>
        <span>{t(locale, 'comment')}</span>
        <textarea maxLength={2000} value={choice.comment} onChange={(e) => update({ comment: e.target.value })} />
      </label>
    </div>
  );
}

/** The shop's reasons, sub-reasons grouped under their parent. */
function ReasonSelect({
  locale,
  reasons,
  value,
  onChange,
}: {
  locale: Locale;
  reasons: Reason[];
  value: string;
  onChange: (code: string) => void;
}) {
  const topReasons = reasons.filter((r) => !r.parentCode);
  return (
    <label>
      <span>{t(locale, 'reason')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">{t(locale, 'chooseReason')}</option>
        {topReasons.map((parent) => {
          const children = reasons.filter((r) => r.parentCode === parent.code);
          return children.length > 0 ? (
            <optgroup key={parent.code} label={labelOf(locale, parent.labels, parent.code)}>
              {children.map((r) => (
                <option key={r.code} value={r.code}>
                  {labelOf(locale, r.labels, r.code)}
                </option>
              ))}
            </optgroup>
          ) : (
            <option key={parent.code} value={parent.code}>
              {labelOf(locale, parent.labels, parent.code)}
            </option>
          );
        })}
      </select>
    </label>
  );
}

/** The resolutions the policy allows for the line, each with the bonus it earns. */
function ResolutionChoice({
  locale,
  verdict,
  choice,
  currency,
  onChange,
}: {
  locale: Locale;
  verdict: LineVerdict;
  choice: LineChoice;
  currency: string;
  onChange: (patch: Partial<LineChoice>) => void;
}) {
  return (
    <fieldset>
      <legend>{t(locale, 'resolution')}</legend>
      {verdict.resolutions.map((r) => (
        <label key={r} className="check">
          <input
            type="radio"
            name={`resolution-${verdict.orderLineId}`}
            value={r}
            checked={choice.resolution === r}
            onChange={() => onChange({ resolution: r, exchangeVariantId: null, exchangeTitle: null })}
          />
          <span>
            {t(locale, r as 'refund')}
            {verdict.bonus[r] ? ` (+${money(locale, verdict.bonus[r] ?? 0, currency)} ${t(locale, 'bonus')})` : ''}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
