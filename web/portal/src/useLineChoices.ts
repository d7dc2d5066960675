import { useEffect, useState } from 'react';
import { api, type Evaluation } from './api.js';
import type { Choice, Found } from './flow.js';
import type { Locale } from './i18n.js';

export type LineChoice = Choice & { selected: boolean };
/** What a chosen line still lacks, as the key of the text that asks for it. */
export type Missing = 'pickOne' | 'chooseExchange' | 'photoRequired';

/** The lines the shopper is choosing: the policy's verdict per line (asked again in the shopper's
 * language), each line's choice, and what a chosen line still lacks. */
export function useLineChoices(locale: Locale, found: Found) {
  const [evaluation, setEvaluation] = useState<Evaluation>(found.evaluation);
  const [choices, setChoices] = useState<Record<string, LineChoice>>({});
  // Explanations come from the server in the shopper's language: ask again when it changes.
  useEffect(() => {
    if (evaluation.locale === locale) return;
    api<Evaluation>('GET', `/shopper/policy-evaluation?locale=${locale}`).then(setEvaluation, () => {});
  }, [locale, evaluation.locale]);

  const verdictOf = (id: string) => evaluation.lines.find((l) => l.orderLineId === id);
  const update = (id: string, patch: Partial<LineChoice>) =>
    setChoices((c) => {
      const verdict = verdictOf(id);
      const base = c[id] ?? {
        orderLineId: id,
        title: found.order.lines.find((l) => l.id === id)?.title ?? '',
        image: found.order.lines.find((l) => l.id === id)?.image ?? null,
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
  const missing = (c: Choice): Missing | null =>
    !c.reasonCode
      ? 'pickOne'
      : c.resolution === 'exchange' && !c.exchangeVariantId
        ? 'chooseExchange'
        : needsPhoto(c) && c.photos.length === 0
          ? 'photoRequired'
          : null;
  const complete = selected.length > 0 && selected.every((c) => !missing(c));
  return { evaluation, choices, verdictOf, update, selected, needsPhoto, missing, complete };
}

export type LineChoices = ReturnType<typeof useLineChoices>;
