import { useId, useState } from 'react';
import { ApiError, api, type CreatedReturn } from './api.js';
import { DefectForm } from './DefectForm.js';
import { dt } from './defectTexts.js';
import type { Found } from './flow.js';
import { type Locale, longDate, t } from './i18n.js';
import { useIdempotencyKeys } from './idempotency.js';
import { useDefectClaim } from './useDefectClaim.js';

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
  const claim = useDefectClaim(locale, found, orderLineId);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKeys();
  const { refused, guaranteeEnds } = claim;

  async function send() {
    setTried(true);
    if (claim.missing || !claim.verdict?.eligible) return;
    setBusy(true);
    claim.setError(null);
    try {
      const lines = [{ ...claim.selection, comment: claim.description.trim(), photoIds: claim.photos.map((p) => p.id) }];
      const body = { method: claim.method, lines };
      const created = await api<CreatedReturn>('POST', '/shopper/returns', body, { 'idempotency-key': keyFor(body) });
      onDone(created);
    } catch (err) {
      const problem = err instanceof ApiError ? err.problem : null;
      claim.setError(problem?.code === 'DEFECT_DESCRIPTION_REQUIRED' ? dt(locale, 'describeDefect') : t(locale, 'failed'));
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
          <div className="actions">
            <button type="button" className="secondary" onClick={onBack}>
              {t(locale, 'back')}
            </button>
          </div>
        </>
      ) : (
        <DefectForm
          id={id}
          locale={locale}
          currency={found.order.currency}
          claim={claim}
          tried={tried}
          busy={busy}
          onSend={() => void send()}
          onBack={onBack}
        />
      )}
    </section>
  );
}
