import { useEffect, useId, useMemo, useState } from 'react';
import { Alert } from './Alert.js';
import type { Found } from './App.js';
import { ApiError, api, type CreatedReturn, type Evaluation } from './api.js';
import { dt } from './defectTexts.js';
import { type Locale, longDate, money, t } from './i18n.js';
import { useIdempotencyKeys } from './idempotency.js';
import { PhotoPicker, type PickedPhoto } from './PhotoPicker.js';

/** Remedies of the legal guarantee, in the order the law gives them (Directive 2019/771 Art. 13):
 * repair or replacement as the shopper prefers, money back only where those fail. */
const REMEDIES = ['repair', 'replacement', 'refund'] as const;
type Remedy = (typeof REMEDIES)[number];
/** Ways to send the item that need nothing more from the shopper than a parcel. */
const PARCEL_METHODS = ['qr', 'label'];

/** Reporting a defect on one item under the legal guarantee: what is wrong (required), photos,
 * the preferred remedy explained in plain words, and how the item travels (free). The server
 * judges the claim as the shopper fills it in, so what the page says is what will be decided. */
export function DefectStep({
  locale,
  found,
  orderLineId,
  onBack,
  onDone,
}: {
  locale: Locale;
  found: Found;
  orderLineId: string;
  onBack: () => void;
  onDone: (created: CreatedReturn) => void;
}) {
  const id = useId();
  const line = found.order.lines.find((l) => l.id === orderLineId);
  const first = found.evaluation.lines.find((l) => l.orderLineId === orderLineId);
  const defectReason = found.reasons.find((r) => r.defect && !r.parentCode) ?? null;
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [remedy, setRemedy] = useState<Remedy>('repair');
  const [quantity, setQuantity] = useState(1);
  const [method, setMethod] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keyFor = useIdempotencyKeys();

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
  const refused = verdict && !verdict.eligible ? verdict.reasons.filter((r) => r.severity === 'refusal') : [];
  const claim = verdict?.reasons.find((r) => r.code === 'WARRANTY_CLAIM');
  const guaranteeEnds = verdict?.guaranteeEnds ?? first?.guaranteeEnds ?? null;

  async function send() {
    setTried(true);
    if (missing || !verdict?.eligible) return;
    setBusy(true);
    setError(null);
    try {
      const body = { method, lines: [{ ...selection, comment: description.trim(), photoIds: photos.map((p) => p.id) }] };
      const created = await api<CreatedReturn>('POST', '/shopper/returns', body, { 'idempotency-key': keyFor(body) });
      onDone(created);
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : null;
      setError(problem?.code === 'DEFECT_DESCRIPTION_REQUIRED' ? dt(locale, 'describeDefect') : t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{dt(locale, 'defectTitle')}</h2>
      <p>
        <strong>{line?.title}</strong>
      </p>
      <p>{dt(locale, 'defectIntro')}</p>
      {guaranteeEnds && <p className="hint">{dt(locale, 'guaranteeUntil', { date: longDate(locale, guaranteeEnds) })}</p>}
      {refused.length > 0 ? (
        <>
          {refused.map((r) => (
            <p key={r.code} className="why" role="status">
              {r.message}
            </p>
          ))}
          <p>{dt(locale, 'cannotReport')}</p>
        </>
      ) : (
        <form
          className="choice"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          {(first?.returnableQuantity ?? 1) > 1 && (
            <label>
              <span>{t(locale, 'quantity')}</span>
              <select value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
                {Array.from({ length: first?.returnableQuantity ?? 1 }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label htmlFor={`${id}-what`}>
            <span>{dt(locale, 'whatIsWrong')} *</span>
          </label>
          <p className="hint" id={`${id}-what-hint`}>
            {dt(locale, 'whatIsWrongHint')}
          </p>
          <textarea
            id={`${id}-what`}
            required
            maxLength={2000}
            aria-describedby={`${id}-what-hint`}
            aria-invalid={tried && !description.trim()}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <PhotoPicker locale={locale} required={photoRequired} photos={photos} onChange={setPhotos} />
          <fieldset>
            <legend>{dt(locale, 'remedyTitle')}</legend>
            <p className="hint">{dt(locale, 'remedyIntro')}</p>
            {REMEDIES.filter((r) => !verdict || verdict.resolutions.includes(r)).map((r) => (
              <label key={r} className="check">
                <input type="radio" name={`${id}-remedy`} value={r} checked={remedy === r} onChange={() => setRemedy(r)} />
                <span>{dt(locale, `remedy.${r}`)}</span>
              </label>
            ))}
            <p className="hint">{dt(locale, 'refundNote')}</p>
          </fieldset>
          {methods.length > 0 && (
            <fieldset>
              <legend>{dt(locale, 'sendHow')}</legend>
              {methods.map((m) => (
                <label key={m.method} className="check">
                  <input
                    type="radio"
                    name={`${id}-method`}
                    value={m.method}
                    checked={method === m.method}
                    onChange={() => setMethod(m.method)}
                  />
                  <span>
                    {t(locale, m.method as 'qr')} —{' '}
                    {m.fee > 0 ? money(locale, m.fee, found.order.currency) : dt(locale, 'freeOfCharge')}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {claim && <p className="hint">{claim.message}</p>}
          <div className="next">
            <h3>{dt(locale, 'nextSteps')}</h3>
            <ol>
              <li>{dt(locale, 'next1')}</li>
              <li>{dt(locale, 'next2')}</li>
              <li>{dt(locale, 'next3')}</li>
            </ol>
          </div>
          {tried && missing && (
            <p className="error" role="alert">
              {missing === 'describe'
                ? dt(locale, 'describeDefect')
                : missing === 'photo'
                  ? t(locale, 'photoRequired')
                  : t(locale, 'pickOne')}
            </p>
          )}
          <Alert message={error} />
          <div className="actions">
            <button type="button" className="secondary" onClick={onBack}>
              {t(locale, 'back')}
            </button>
            <button type="submit" disabled={busy || !verdict}>
              {busy ? t(locale, 'sending') : dt(locale, 'sendReport')}
            </button>
          </div>
        </form>
      )}
      {refused.length > 0 && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>
            {t(locale, 'back')}
          </button>
        </div>
      )}
    </section>
  );
}
