import { useEffect, useState } from 'react';
import { Alert } from './Alert.js';
import type { Found } from './App.js';
import { api, type Evaluation } from './api.js';
import { dt, guaranteeRuns } from './defectTexts.js';
import { ExchangePicker } from './ExchangePicker.js';
import { type Locale, longDate, money, t } from './i18n.js';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker.js';

export interface Choice {
  orderLineId: string;
  /** The order line's title, for the summary. */
  title: string;
  quantity: number;
  reasonCode: string;
  resolution: string;
  comment: string;
  exchangeVariantId: string | null;
  exchangeTitle: string | null;
  photos: PickedPhoto[];
}

/** Every line of the order: the ones that can come back get a quantity, a reason and a resolution
 * the policy allows; the others say why not, in the shopper's words. */
export function ItemsStep({
  locale,
  found,
  onBack,
  onNext,
  onWithdraw,
  onDefect,
}: {
  locale: Locale;
  found: Found;
  onBack: () => void;
  onNext: (choices: Choice[]) => void;
  onWithdraw: () => void;
  /** Report a defect on a line under the legal guarantee. */
  onDefect: (orderLineId: string) => void;
}) {
  const [evaluation, setEvaluation] = useState<Evaluation>(found.evaluation);
  const [choices, setChoices] = useState<Record<string, Choice & { selected: boolean }>>({});
  const [tried, setTried] = useState(false);
  // Explanations come from the server in the shopper's language: ask again when it changes.
  useEffect(() => {
    if (evaluation.locale === locale) return;
    api<Evaluation>('GET', `/shopper/policy-evaluation?locale=${locale}`).then(setEvaluation, () => {});
  }, [locale, evaluation.locale]);

  const currency = found.order.currency;
  const verdictOf = (id: string) => evaluation.lines.find((l) => l.orderLineId === id);
  const update = (id: string, patch: Partial<Choice & { selected: boolean }>) =>
    setChoices((c) => {
      const verdict = verdictOf(id);
      const base = c[id] ?? {
        orderLineId: id,
        title: found.order.lines.find((l) => l.id === id)?.title ?? '',
        quantity: 1,
        reasonCode: '',
        resolution: verdict?.resolutions[0] ?? 'refund',
        comment: '',
        exchangeVariantId: null,
        exchangeTitle: null,
        photos: [],
        selected: false,
      };
      return { ...c, [id]: { ...base, ...patch } };
    });
  const selected = Object.values(choices).filter((c) => c.selected);
  // A photo is asked for by the policy's verdict on the line or by the reason chosen.
  const needsPhoto = (c: Choice) =>
    Boolean(verdictOf(c.orderLineId)?.photoRequired || found.reasons.find((r) => r.code === c.reasonCode)?.requiresPhoto);
  const missing = (c: Choice) =>
    !c.reasonCode
      ? 'pickOne'
      : c.resolution === 'exchange' && !c.exchangeVariantId
        ? 'chooseExchange'
        : needsPhoto(c) && c.photos.length === 0
          ? 'photoRequired'
          : null;
  const complete = selected.length > 0 && selected.every((c) => !missing(c));
  const anyEligible = evaluation.lines.some((l) => l.eligible);
  const topReasons = found.reasons.filter((r) => !r.parentCode);
  const label = (labels: Record<string, string>, code: string) => labels[locale] ?? labels.en ?? code;

  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">{t(locale, 'chooseItems')}</h2>
      {!anyEligible && (
        <p className="notice" role="status">
          {t(locale, 'nothingReturnable')}
        </p>
      )}
      <ul className="lines">
        {found.order.lines.map((line) => {
          const verdict = verdictOf(line.id);
          const choice = choices[line.id];
          // A refused line says why; a returnable one what to know (the deadline is shown apart).
          const explanations =
            verdict?.reasons.filter((r) => (verdict.eligible ? r.code !== 'RETURN_WINDOW' : r.severity === 'refusal')) ?? [];
          return (
            <li key={line.id} className={verdict?.eligible ? 'line' : 'line refused'} data-line={line.sku}>
              <div className="line-head">
                <strong>{line.title}</strong>
                <span>{money(locale, line.paidAmount, currency)}</span>
              </div>
              {explanations.map((r) => (
                <p key={r.code} className={verdict?.eligible ? 'hint' : 'why'}>
                  {r.message}
                </p>
              ))}
              {verdict && verdict.returnableQuantity > 0 && guaranteeRuns(verdict.guaranteeEnds) && (
                // A line past its window is not the end: a defect is the shop's to put right for two years.
                <div className="defect-entry">
                  {!verdict.eligible && (
                    <p className="hint">{dt(locale, 'defectOffer', { date: longDate(locale, verdict.guaranteeEnds ?? '') })}</p>
                  )}
                  <button type="button" className="secondary small" onClick={() => onDefect(line.id)}>
                    {dt(locale, 'reportDefect')}
                  </button>
                </div>
              )}
              {verdict?.eligible && (
                <>
                  {verdict.deadline && (
                    <p className="hint">
                      {t(locale, 'until')} {longDate(locale, verdict.deadline)}
                    </p>
                  )}
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={choice?.selected ?? false}
                      onChange={(e) => update(line.id, { selected: e.target.checked })}
                    />
                    <span>{t(locale, 'returnThis')}</span>
                  </label>
                  {choice?.selected && (
                    <div className="choice">
                      {verdict.returnableQuantity > 1 && (
                        <label>
                          <span>{t(locale, 'quantity')}</span>
                          <select value={choice.quantity} onChange={(e) => update(line.id, { quantity: Number(e.target.value) })}>
                            {Array.from({ length: verdict.returnableQuantity }, (_, i) => i + 1).map((n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </label>
                      )}
                      <label>
                        <span>{t(locale, 'reason')}</span>
                        <select
                          value={choice.reasonCode}
                          onChange={(e) => update(line.id, { reasonCode: e.target.value })}
                          required
                        >
                          <option value="">{t(locale, 'chooseReason')}</option>
                          {topReasons.map((parent) => {
                            const children = found.reasons.filter((r) => r.parentCode === parent.code);
                            return children.length > 0 ? (
                              <optgroup key={parent.code} label={label(parent.labels, parent.code)}>
                                {children.map((r) => (
                                  <option key={r.code} value={r.code}>
                                    {label(r.labels, r.code)}
                                  </option>
                                ))}
                              </optgroup>
                            ) : (
                              <option key={parent.code} value={parent.code}>
                                {label(parent.labels, parent.code)}
                              </option>
                            );
                          })}
                        </select>
                      </label>
                      <fieldset>
                        <legend>{t(locale, 'resolution')}</legend>
                        {verdict.resolutions.map((r) => (
                          <label key={r} className="check">
                            <input
                              type="radio"
                              name={`resolution-${line.id}`}
                              value={r}
                              checked={choice.resolution === r}
                              onChange={() => update(line.id, { resolution: r, exchangeVariantId: null, exchangeTitle: null })}
                            />
                            <span>
                              {t(locale, r as 'refund')}
                              {verdict.bonus[r]
                                ? ` (+${money(locale, verdict.bonus[r] ?? 0, currency)} ${t(locale, 'bonus')})`
                                : ''}
                            </span>
                          </label>
                        ))}
                      </fieldset>
                      {choice.resolution === 'exchange' && (
                        <ExchangePicker
                          locale={locale}
                          orderLineId={line.id}
                          quantity={choice.quantity}
                          currency={currency}
                          value={choice.exchangeVariantId}
                          onChange={(v) =>
                            update(line.id, {
                              exchangeVariantId: v?.variantId ?? null,
                              exchangeTitle: v ? v.title : null,
                            })
                          }
                        />
                      )}
                      {needsPhoto(choice) && (
                        <PhotoPicker
                          locale={locale}
                          required
                          photos={choice.photos}
                          onChange={(photos) => update(line.id, { photos })}
                        />
                      )}
                      {tried && missing(choice) && <p className="error">{t(locale, missing(choice) ?? 'pickOne')}</p>}
                      <label>
                        <span>{t(locale, 'comment')}</span>
                        <textarea
                          maxLength={2000}
                          value={choice.comment}
                          onChange={(e) => update(line.id, { comment: e.target.value })}
                        />
                      </label>
                    </div>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ul>
      <Alert message={tried && !complete && t(locale, 'pickOne')} />
      {evaluation.lines.some((l) => l.eligible && l.withinStatutoryPeriod && l.returnableQuantity > 0) && (
        <aside className="notice withdraw" aria-labelledby="withdraw-entry">
          <h3 id="withdraw-entry">{t(locale, 'withdrawTitle')}</h3>
          <p>{t(locale, 'withdrawIntro')}</p>
          <button type="button" className="secondary" onClick={onWithdraw}>
            {t(locale, 'withdrawHere')}
          </button>
        </aside>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button
          type="button"
          disabled={!anyEligible}
          onClick={() => {
            setTried(true);
            if (complete) onNext(selected.map(({ selected: _, ...c }) => c));
          }}
        >
          {t(locale, 'next')}
        </button>
      </div>
    </section>
  );
}
