import { useEffect, useMemo, useState } from 'react';
import { Alert } from './Alert.js';
import { api, type CreatedReturn, type PickupSlot, type PricedEvaluation, type Shop } from './api.js';
import type { Choice } from './ItemsStep.js';
import { type Locale, money, slotText, t } from './i18n.js';
import { useIdempotencyKeys } from './idempotency.js';
import { linePart, ReturnLines } from './ReturnLines.js';

const HOW = { qr: 'qrHow', label: 'labelHow', pickup: 'pickupHow', store: 'storeHow' } as const;

/** The method and every cost before confirming: fees, deductions, the delivery cost that comes
 * back, bonus, exchange differences and what comes back, as the settlement will pay it. A pickup
 * needs a slot, a return in a store a store. */
export function SummaryStep({
  locale,
  shop,
  choices,
  onBack,
  onDone,
}: {
  locale: Locale;
  shop: Shop | null;
  choices: Choice[];
  onBack: () => void;
  onDone: (created: CreatedReturn) => void;
}) {
  const [method, setMethod] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<PricedEvaluation | null>(null);
  const [slots, setSlots] = useState<{ timeZone: string; slots: PickupSlot[] } | null>(null);
  const [slot, setSlot] = useState<string>('');
  const [storeId, setStoreId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keyFor = useIdempotencyKeys();
  const selection = useMemo(
    () =>
      choices.map((c) => ({
        orderLineId: c.orderLineId,
        quantity: c.quantity,
        reasonCode: c.reasonCode,
        resolution: c.resolution,
        exchangeVariantId: c.resolution === 'exchange' ? c.exchangeVariantId : null,
      })),
    [choices],
  );

  useEffect(() => {
    let stale = false;
    api<PricedEvaluation>('POST', '/shopper/policy-evaluation', { locale, selection: { lines: selection, method } }).then(
      (e) => {
        if (stale) return;
        setEvaluation(e);
        if (!method && e.methods[0]) setMethod(e.methods[0].method);
      },
      () => !stale && setError(t(locale, 'failed')),
    );
    return () => {
      stale = true;
    };
  }, [locale, selection, method]);
  useEffect(() => {
    if (method === 'pickup' && !slots)
      api<{ timeZone: string; slots: PickupSlot[] }>('GET', '/shopper/pickup-slots').then(setSlots, () =>
        setError(t(locale, 'failed')),
      );
  }, [method, slots, locale]);

  const stores = shop?.stores ?? [];
  const methodComplete = method === 'pickup' ? Boolean(slot) : method === 'store' ? Boolean(storeId) : Boolean(method);

  async function confirm() {
    setTried(true);
    if (!methodComplete) return;
    setBusy(true);
    setError(null);
    try {
      const chosenSlot = slots?.slots.find((s) => s.start === slot) ?? null;
      const body = {
        method,
        ...(method === 'pickup' ? { pickupSlot: chosenSlot } : {}),
        ...(method === 'store' ? { storeId } : {}),
        lines: choices.map((c) => ({
          orderLineId: c.orderLineId,
          quantity: c.quantity,
          reasonCode: c.reasonCode,
          resolution: c.resolution,
          comment: c.comment.trim() || null,
          exchangeVariantId: c.resolution === 'exchange' ? c.exchangeVariantId : null,
          photoIds: c.photos.map((p) => p.id),
        })),
      };
      const created = await api<CreatedReturn>('POST', '/shopper/returns', body, { 'idempotency-key': keyFor(body) });
      onDone(created);
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  if (!evaluation)
    return (
      <section className="card" aria-busy="true">
        <p role="status">{error ?? t(locale, 'loading')}</p>
      </section>
    );
  const currency = evaluation.currency;
  const totals = evaluation.totals;
  const diff = evaluation.exchangeDifference ?? 0;
  return (
    <section className="card" aria-labelledby="summary-title">
      <fieldset>
        <legend>{t(locale, 'method')}</legend>
        {evaluation.methods.map((m) => (
          <label key={m.method} className="check method">
            <input
              type="radio"
              name="method"
              value={m.method}
              checked={method === m.method}
              onChange={() => setMethod(m.method)}
              aria-describedby={`how-${m.method}`}
            />
            <span>
              <strong>{t(locale, m.method as 'qr')}</strong> — {m.fee > 0 ? money(locale, m.fee, currency) : t(locale, 'free')}
              <small id={`how-${m.method}`} className="hint">
                {t(locale, HOW[m.method as keyof typeof HOW] ?? 'qrHow')}
              </small>
            </span>
          </label>
        ))}
      </fieldset>
      {method === 'pickup' &&
        (slots ? (
          <label>
            <span>{t(locale, 'pickupSlot')}</span>
            <select name="pickupSlot" value={slot} onChange={(e) => setSlot(e.target.value)} required>
              <option value="">{t(locale, 'chooseSlot')}</option>
              {slots.slots.map((s) => (
                <option key={s.start} value={s.start}>
                  {slotText(locale, s, slots.timeZone)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p role="status">{t(locale, 'loading')}</p>
        ))}
      {method === 'store' && (
        <label>
          <span>{t(locale, 'storeChoice')}</span>
          <select name="store" value={storeId} onChange={(e) => setStoreId(e.target.value)} required>
            <option value="">{t(locale, 'chooseStore')}</option>
            {stores.map((s) => (
              <option key={s.id} value={s.id}>
                {`${s.name}, ${s.address.line1}, ${s.address.city}${s.openingHours ? ` (${s.openingHours})` : ''}`}
              </option>
            ))}
          </select>
        </label>
      )}
      <h2 id="summary-title">{t(locale, 'summary')}</h2>
      <ReturnLines
        locale={locale}
        currency={currency}
        lines={choices.map((c) => ({
          key: c.orderLineId,
          title: c.title,
          quantity: c.quantity,
          resolution: c.resolution,
          exchangeFor: c.exchangeTitle,
          part: linePart(
            evaluation.lines.find((l) => l.orderLineId === c.orderLineId),
            c.resolution,
          ),
          // The bonus the exchange order will really give this item (none where it would only add to a refunded surplus).
          bonus:
            c.resolution === 'exchange' ? (evaluation.exchanges ?? []).find((e) => e.orderLineId === c.orderLineId)?.bonus : null,
        }))}
      />
      <dl className="totals">
        <dt>{t(locale, 'itemsValue')}</dt>
        <dd>{money(locale, totals.value, currency)}</dd>
        {totals.restockingFees > 0 && (
          <>
            <dt>{t(locale, 'restockingFees')}</dt>
            <dd>− {money(locale, totals.restockingFees, currency)}</dd>
          </>
        )}
        <dt>{t(locale, 'shippingFee')}</dt>
        <dd>{totals.returnShippingFee > 0 ? `− ${money(locale, totals.returnShippingFee, currency)}` : t(locale, 'free')}</dd>
        {totals.deliveryRefund > 0 && (
          <>
            <dt>{t(locale, 'money.deliveryRefund')}</dt>
            <dd data-testid="delivery-refund">+ {money(locale, totals.deliveryRefund, currency)}</dd>
          </>
        )}
        {totals.bonus > 0 && (
          <>
            <dt>{t(locale, 'bonusTotal')}</dt>
            <dd>+ {money(locale, totals.bonus, currency)}</dd>
          </>
        )}
        {(evaluation.exchanges ?? []).map((e) => (
          <div key={e.orderLineId} className="row" data-testid="exchange-row">
            <dt>{t(locale, 'exchangeLine', { item: e.title })}</dt>
            <dd>
              {e.difference === 0
                ? t(locale, 'samePrice')
                : `${e.difference > 0 ? '+' : '−'} ${money(locale, Math.abs(e.difference), currency)}`}
            </dd>
          </div>
        ))}
        {totals.refund > 0 && (
          <>
            <dt>{t(locale, 'refundTotal')}</dt>
            <dd className="sum" data-testid="refund-total">
              {money(locale, totals.refund, currency)}
            </dd>
          </>
        )}
        {totals.storeCredit > 0 && (
          <>
            <dt>{t(locale, 'creditTotal')}</dt>
            <dd className="sum">{money(locale, totals.storeCredit, currency)}</dd>
          </>
        )}
        {diff !== 0 && (
          <>
            <dt>{t(locale, diff > 0 ? 'exchangePay' : 'exchangeBack')}</dt>
            <dd className="sum" data-testid="exchange-difference">
              {money(locale, Math.abs(diff), currency)}
            </dd>
          </>
        )}
      </dl>
      {diff > 0 && <p className="hint">{t(locale, 'exchangePayHow')}</p>}
      {evaluation.reasons.map((r) => (
        <p key={r.code} className="hint">
          {r.message}
        </p>
      ))}
      <Alert message={error ?? (tried && !methodComplete ? t(locale, 'completeMethod') : null)} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button type="button" onClick={confirm} disabled={busy || !method}>
          {busy ? t(locale, 'sending') : t(locale, 'confirm')}
        </button>
      </div>
    </section>
  );
}
