import { useEffect, useMemo, useState } from 'react';
import { WARRANTY_RESOLUTIONS } from '../../../src/domain/policy/euLaw.js';
import { api, type Evaluation } from './api.js';
import type { Found } from './flow.js';
import { type Locale, t } from './i18n.js';
import type { PickedPhoto } from './PhotoPicker.js';

/** Remedies of the legal guarantee, in the order the law gives them (Directive 2019/771 Art. 13):
 * repair or replacement as the shopper prefers, money back only where those fail. */
export const REMEDIES = WARRANTY_RESOLUTIONS;
export type Remedy = (typeof REMEDIES)[number];
/** Ways to send the item that need nothing more from the shopper than a parcel. */
const PARCEL_METHODS = ['qr', 'label'];

/** A defect claim on one line as the shopper fills it in, judged by the server at every change:
 * its verdict, the parcel methods it allows and what the claim still lacks. */
export function useDefectClaim(locale: Locale, found: Found, orderLineId: string) {
  const defectReason = found.reasons.find((r) => r.defect && !r.parentCode) ?? null;
  const first = found.evaluation.lines.find((l) => l.orderLineId === orderLineId);
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [remedy, setRemedy] = useState<Remedy>('repair');
  const [quantity, setQuantity] = useState(1);
  const [method, setMethod] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);

  const selection = useMemo(
    () => ({
      orderLineId,
      quantity,
      defect: true,
      resolution: remedy,
      ...(defectReason ? { reasonCode: defectReason.code } : {}),
    }),
    [orderLineId, quantity, remedy, defectReason],
  );
  useEffect(() => {
    api<Evaluation>('POST', '/shopper/policy-evaluation', { selection: { lines: [selection], method }, locale }).then(
      setEvaluation,
      () => setError(t(locale, 'failed')),
    );
  }, [selection, method, locale]);

  const verdict = evaluation?.lines[0];
  const methods = (evaluation?.methods ?? []).filter((m) => PARCEL_METHODS.includes(m.method));
  useEffect(() => {
    if (!method && methods[0]) setMethod(methods[0].method);
  }, [method, methods]);
  const photoRequired = Boolean(verdict?.photoRequired || defectReason?.requiresPhoto);
  const missing = !description.trim() ? 'describe' : photoRequired && photos.length === 0 ? 'photo' : !method ? 'method' : null;
  return {
    first,
    selection,
    verdict,
    methods,
    photoRequired,
    missing,
    refused: verdict && !verdict.eligible ? verdict.reasons.filter((r) => r.severity === 'refusal') : [],
    warrantyClaim: verdict?.reasons.find((r) => r.code === 'WARRANTY_CLAIM'),
    guaranteeEnds: verdict?.guaranteeEnds ?? first?.guaranteeEnds ?? null,
    ...{ description, setDescription, photos, setPhotos, remedy, setRemedy, quantity, setQuantity, method, setMethod },
    ...{ error, setError },
  };
}

export type DefectClaim = ReturnType<typeof useDefectClaim>;
