import { useEffect, useMemo, useState } from 'react';
import { api, type PickupSlots, type PricedEvaluation } from './api.js';
import type { Choice } from './flow.js';
import { type Locale, t } from './i18n.js';

/** The policy's priced verdict on the chosen lines with the chosen method (the first offered until
 * the shopper picks one), and the pickup slots once a pickup is chosen. */
export function useSummaryQuote(locale: Locale, choices: Choice[]) {
  const [method, setMethod] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<PricedEvaluation | null>(null);
  const [slots, setSlots] = useState<PickupSlots | null>(null);
  const [error, setError] = useState<string | null>(null);
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
      api<PickupSlots>('GET', '/shopper/pickup-slots').then(setSlots, () => setError(t(locale, 'failed')));
  }, [method, slots, locale]);

  return { method, setMethod, evaluation, slots, error, setError };
}
