import { useState } from 'react';
import { Alert } from './Alert.js';
import { api, type CreatedReturn, type PickupSlots, type PricedEvaluation, type Shop } from './api.js';
import { ct } from './carrierTexts.js';
import type { Choice } from './flow.js';
import { type Locale, t } from './i18n.js';
import { useIdempotencyKeys } from './idempotency.js';
import { BoxCount, MethodFieldset, PickupSlotSelect, StoreSelect } from './MethodChoice.js';
import { linePart, ReturnLines } from './ReturnLines.js';
import { ServicePointPicker } from './ServicePointPicker.js';
import { SummaryTotals } from './SummaryTotals.js';
import { type Sending, useSending } from './useSending.js';
import { useSummaryQuote } from './useSummaryQuote.js';

/** The request as the API takes it: the method with its slot, store or point, and every chosen line. */
function requestBody(method: string | null, sending: Sending, slots: PickupSlots | null, choices: Choice[]) {
  const chosenSlot = slots?.slots.find((s) => s.start === sending.slot) ?? null;
  const { point } = sending;
  return {
    method,
    ...(method === 'pickup' ? { pickupSlot: chosenSlot } : {}),
    ...(method === 'store' ? { storeId: sending.storeId } : {}),
    ...(point && method !== 'pickup' && method !== 'store' ? { servicePointId: point.id, servicePoint: point } : {}),
    ...(sending.byCarrier ? { parcelCount: sending.boxes } : {}),
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
}

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
  const { method, setMethod, evaluation, slots, error, setError } = useSummaryQuote(locale, choices);
  const { sending, offer, complete: methodComplete, pointMissing, ...set } = useSending(evaluation, method);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const keyFor = useIdempotencyKeys();

  async function confirm() {
    setTried(true);
    if (!methodComplete) return;
    setBusy(true);
    setError(null);
    try {
      const body = requestBody(method, sending, slots, choices);
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
  return (
    <section className="card" aria-labelledby="summary-title">
      <MethodFieldset locale={locale} evaluation={evaluation} method={method} onMethod={setMethod} />
      {method === 'pickup' && <PickupSlotSelect locale={locale} slots={slots} value={sending.slot} onChange={set.setSlot} />}
      {method === 'store' && (
        <StoreSelect locale={locale} stores={shop?.stores ?? []} value={sending.storeId} onChange={set.setStoreId} />
      )}
      {method && offer?.needsServicePoint && (
        <ServicePointPicker locale={locale} method={method} value={sending.point} onChange={set.setPoint} />
      )}
      {offer?.byCarrier && <BoxCount locale={locale} value={sending.boxes} onChange={set.setBoxes} />}
      <h2 id="summary-title">{t(locale, 'summary')}</h2>
      <ChosenLines locale={locale} evaluation={evaluation} choices={choices} />
      <SummaryTotals locale={locale} evaluation={evaluation} />
      {(evaluation.exchangeDifference ?? 0) > 0 && <p className="hint">{t(locale, 'exchangePayHow')}</p>}
      {evaluation.reasons.map((r) => (
        <p key={r.code} className="hint">
          {r.message}
        </p>
      ))}
      <Alert message={error ?? (tried && !methodComplete ? incompleteText(locale, pointMissing) : null)} />
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

/** What is still missing before confirming: a drop-off point, or the method's slot or store. */
function incompleteText(locale: Locale, pointMissing: boolean): string {
  return pointMissing ? ct(locale, 'choosePoint') : t(locale, 'completeMethod');
}

/** The chosen lines with what each is worth and, for an exchange, the bonus it really gets. */
function ChosenLines({ locale, evaluation, choices }: { locale: Locale; evaluation: PricedEvaluation; choices: Choice[] }) {
  return (
    <ReturnLines
      locale={locale}
      currency={evaluation.currency}
      lines={choices.map((c) => ({
        key: c.orderLineId,
        title: c.title,
        image: c.image ?? null,
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
  );
}
