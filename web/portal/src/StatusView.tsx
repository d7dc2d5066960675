import { useCallback, useEffect, useState } from 'react';
import { Alert } from './Alert.js';
import { api, download, objectUrl, type ReturnView } from './api.js';
import { FeedbackForm } from './FeedbackForm.js';
import { dateTime, eventText, instantDate, type Locale, slotText, t } from './i18n.js';
import { MoneyPanel } from './MoneyPanel.js';
import { RepairStatus } from './RepairStatus.js';
import { ReturnLines } from './ReturnLines.js';

/** A return as the shopper follows it: what happens next and by when, how to send it (QR code,
 * label, pickup slot or store), the packing slip, the timeline, cancelling while nothing has been
 * shipped, and a rating once it is resolved. Opened right after confirming or from the status
 * link. */
export function StatusView({
  locale,
  returnId,
  withdrawal,
}: {
  locale: Locale;
  /** The return to show; without one, the return the status link opens. */
  returnId?: string;
  withdrawal?: { declaredAt: string } | null;
}) {
  const [view, setView] = useState<ReturnView | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const load = useCallback(
    () =>
      api<ReturnView>('GET', returnId ? `/shopper/returns/${returnId}` : '/shopper/status').then(setView, () =>
        returnId ? setError(t(locale, 'failed')) : setMissing(true),
      ),
    [returnId, locale],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const showQr = view?.method === 'qr' && view.status === 'approved';
  useEffect(() => {
    if (!showQr || !view) return;
    let url: string | null = null;
    objectUrl(`/shopper/returns/${view.id}/qr.svg`).then(
      (u) => {
        url = u;
        setQr(u);
      },
      () => setQr(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [showQr, view]);

  async function cancel() {
    if (!view) return;
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/shopper/returns/${view.id}/cancel`, {}, { 'idempotency-key': `cancel-${view.id}` });
      await load();
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  if (missing)
    return (
      <section className="card">
        <p className="notice" role="alert">
          {t(locale, 'statusMissing')}
        </p>
        <a href="/returns/">{t(locale, 'title')}</a>
      </section>
    );
  if (!view)
    return (
      <section className="card" aria-busy="true">
        <p role="status">{error ?? t(locale, 'loading')}</p>
      </section>
    );

  const zone = view.timeZone;
  const declaredAt = withdrawal?.declaredAt ?? view.withdrawalDeclaredAt;
  const cancellable = ['requested', 'under_review', 'approved'].includes(view.status);
  const nextKey = `next.${view.next.code}` as 'next.done';
  const nextDate = view.next.by
    ? view.next.code === 'await_pickup' && view.pickupSlot
      ? slotText(locale, view.pickupSlot, zone)
      : instantDate(locale, view.next.by, zone)
    : '';
  const statusHref = `/returns/status#${view.statusToken}`;
  const fileName = (kind: string) => `${kind}-${view.number}.pdf`;
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">{t(locale, view.status === 'cancelled' ? 'cancelled' : returnId ? 'done' : 'statusTitle')}</h2>
      <p>
        {t(locale, 'returnNumber')}: <strong data-testid="return-number">{view.number}</strong>
      </p>
      {declaredAt && (
        <p data-testid="withdrawal">
          {t(locale, 'withdrawDone')}. {t(locale, 'withdrawnAt')} {dateTime(locale, declaredAt, zone)}.
        </p>
      )}
      {view.next.code !== 'none' && (
        <div className="next" data-testid="next-step">
          <h3>{t(locale, 'nextTitle')}</h3>
          <p role="status">{t(locale, nextKey, { date: nextDate })}</p>
          {declaredAt && ['received', 'inspected'].includes(view.status) && view.next.by && (
            <p>{t(locale, 'refundBy', { date: instantDate(locale, view.next.by, zone) })}</p>
          )}
        </div>
      )}
      {showQr && (
        <figure className="qr">
          {qr ? (
            <img src={qr} alt={t(locale, 'qrAlt', { number: view.number })} width={220} height={220} data-testid="qr" />
          ) : (
            <span role="status">{t(locale, 'loading')}</span>
          )}
          <figcaption>{t(locale, 'showQr')}</figcaption>
        </figure>
      )}
      {view.status === 'approved' && view.method === 'pickup' && view.pickupSlot && (
        <p data-testid="pickup-slot">{t(locale, 'pickupAt', { slot: slotText(locale, view.pickupSlot, zone) })}</p>
      )}
      {view.status === 'approved' && view.method === 'store' && view.store && (
        <div data-testid="store">
          <p>{t(locale, 'bringTo')}</p>
          <address>
            {view.store.name}
            <br />
            {view.store.address.line1}
            <br />
            {view.store.address.postcode} {view.store.address.city}
            {view.store.openingHours && (
              <>
                <br />
                {view.store.openingHours}
              </>
            )}
          </address>
        </div>
      )}
      <ReturnLines
        locale={locale}
        currency={view.currency}
        lines={view.lines.map((l) => ({
          key: l.id,
          title: l.title,
          quantity: l.quantity,
          resolution: l.grantedResolution ?? l.requestedResolution,
          exchangeFor: l.exchange?.title ?? null,
          rejected: l.acceptance === 'rejected',
        }))}
      />
      {view.status === 'approved' && (
        <div className="downloads">
          {view.method !== 'store' && (
            <button
              type="button"
              onClick={() =>
                download(`/shopper/returns/${view.id}/label`, fileName('return-label')).catch(() => setError(t(locale, 'failed')))
              }
            >
              {t(locale, 'downloadLabel')}
            </button>
          )}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              download(`/shopper/returns/${view.id}/packing-slip?locale=${locale}`, fileName('packing-slip')).catch(() =>
                setError(t(locale, 'failed')),
              )
            }
          >
            {t(locale, 'downloadSlip')}
          </button>
        </div>
      )}
      {returnId && (
        <p>
          {t(locale, 'statusLinkHint')}{' '}
          <a href={statusHref} data-testid="status-link">
            {t(locale, 'statusLinkText')}
          </a>
        </p>
      )}
      <RepairStatus locale={locale} view={view} />
      <MoneyPanel locale={locale} view={view} onChanged={() => void load()} />
      {view.notes.length > 0 && (
        <>
          <h3>{t(locale, 'messages')}</h3>
          <ul className="messages" data-testid="messages">
            {view.notes.map((n) => (
              <li key={n.id}>
                <small>{dateTime(locale, n.createdAt, zone)}</small>
                <p>{n.body}</p>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t(locale, 'timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {view.timeline.flatMap((e) => {
          const text = eventText(locale, e.type);
          return text ? [<li key={e.id}>{`${dateTime(locale, e.occurredAt, zone)} — ${text}`}</li>] : [];
        })}
      </ol>
      <Alert message={error} />
      {['resolved', 'closed'].includes(view.status) && !view.feedbackGiven && <FeedbackForm locale={locale} returnId={view.id} />}
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
