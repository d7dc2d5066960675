import { useCallback, useEffect, useState } from 'react';
import { Alert } from './Alert.js';
import { api, type CreatedReturn, download } from './api.js';
import { dateTime, eventText, type Locale, t } from './i18n.js';

interface ReturnStatus {
  id: string;
  number: string;
  status: string;
  timeline: { id: string; type: string; occurredAt: string }[];
}

/** The return number, what happens next, its timeline so far, and cancelling while nothing has
 * been shipped. */
export function DoneStep({ locale, created }: { locale: Locale; created: CreatedReturn }) {
  const [status, setStatus] = useState<ReturnStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () => api<ReturnStatus>('GET', `/shopper/returns/${created.returnId}`).then(setStatus, () => setError(t(locale, 'failed'))),
    [created.returnId, locale],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function cancel() {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/shopper/returns/${created.returnId}/cancel`, {}, { 'idempotency-key': `cancel-${created.returnId}` });
      await load();
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  const current = status?.status ?? created.status;
  const cancellable = ['requested', 'under_review', 'approved'].includes(current);
  return (
    <section className="card" aria-labelledby="done-title">
      <h2 id="done-title">{t(locale, current === 'cancelled' ? 'cancelled' : 'done')}</h2>
      <p>
        {t(locale, 'returnNumber')}: <strong data-testid="return-number">{created.number}</strong>
      </p>
      {created.withdrawal && (
        <p data-testid="withdrawal">
          {t(locale, 'withdrawDone')}. {t(locale, 'withdrawnAt')} {dateTime(locale, created.withdrawal.declaredAt)}.
        </p>
      )}
      {current !== 'cancelled' && <p role="status">{t(locale, current === 'approved' ? 'statusApproved' : 'statusReview')}</p>}
      {current === 'approved' && (
        <p>
          <button
            type="button"
            onClick={() =>
              download(`/shopper/returns/${created.returnId}/label`, `return-label-${created.number}.pdf`).catch(() =>
                setError(t(locale, 'failed')),
              )
            }
          >
            {t(locale, 'downloadLabel')}
          </button>
        </p>
      )}
      <h3>{t(locale, 'timeline')}</h3>
      {status ? (
        <ol className="timeline" data-testid="timeline">
          {status.timeline.flatMap((e) => {
            const text = eventText(locale, e.type);
            return text ? [<li key={e.id}>{`${dateTime(locale, e.occurredAt)} — ${text}`}</li>] : [];
          })}
        </ol>
      ) : (
        <p role="status">{t(locale, 'loading')}</p>
      )}
      <Alert message={error} />
      {cancellable && (
        <div className="actions">
          <button type="button" className="secondary" onClick={cancel} disabled={busy}>
            {t(locale, 'cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
