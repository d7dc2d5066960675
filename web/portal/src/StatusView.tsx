import { useState } from 'react';
import { isOneOf } from '../../../src/domain/oneOf.js';
import { CANCELLABLE_STATUSES, DONE_STATUSES } from '../../../src/domain/returnStatus.js';
import { Alert } from './Alert.js';
import { api, type ReturnView } from './api.js';
import { FeedbackForm } from './FeedbackForm.js';
import { dateTime, type Locale, t } from './i18n.js';
import { MoneyPanel } from './MoneyPanel.js';
import { RepairStatus } from './RepairStatus.js';
import { ReturnLines } from './ReturnLines.js';
import { ShipmentPanel } from './ShipmentPanel.js';
import { Downloads, HandOver, Messages, NextStep, QrCode, Timeline } from './StatusParts.js';
import { useQrImage, useReturnView } from './useReturnView.js';

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
  const { view, load, error, setError, missing } = useReturnView(locale, returnId);
  const [busy, setBusy] = useState(false);
  // Where a carrier carries the return, its own QR code shows instead of Retour's (ShipmentPanel);
  // a return brought to a store shows it for the counter to scan.
  const atStore = view?.method === 'store';
  const showQr = (view?.method === 'qr' || atStore) && view?.status === 'approved' && !view.logistics.byCarrier;
  const qr = useQrImage(view, showQr);

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

  if (missing) return <StatusMissing locale={locale} erased={missing === 'erased'} />;
  if (!view)
    return (
      <section className="card" aria-busy="true">
        <p role="status">{error ?? t(locale, 'loading')}</p>
      </section>
    );

  const declaredAt = withdrawal?.declaredAt ?? view.withdrawalDeclaredAt;
  const cancellable = isOneOf(CANCELLABLE_STATUSES, view.status);
  return (
    <section className="card" aria-labelledby="status-title">
      <StatusHeading locale={locale} view={view} justMade={Boolean(returnId)} declaredAt={declaredAt} />
      {view.next.code !== 'none' && <NextStep locale={locale} view={view} declaredAt={declaredAt} />}
      {showQr && <QrCode locale={locale} number={view.number} qr={qr} atStore={atStore} />}
      <HandOver locale={locale} view={view} />
      <ShipmentPanel locale={locale} view={view} onChanged={() => void load()} onFailed={() => setError(t(locale, 'failed'))} />
      <ReturnLines
        locale={locale}
        currency={view.currency}
        lines={view.lines.map((l) => ({
          key: l.id,
          title: l.title,
          image: l.image,
          quantity: l.quantity,
          resolution: l.grantedResolution ?? l.requestedResolution,
          exchangeFor: l.exchange?.title ?? null,
          rejected: l.acceptance === 'rejected',
        }))}
      />
      {view.status === 'approved' && <Downloads locale={locale} view={view} onFailed={() => setError(t(locale, 'failed'))} />}
      {returnId && <StatusLink locale={locale} token={view.statusToken} />}
      <RepairStatus locale={locale} view={view} />
      <MoneyPanel locale={locale} view={view} onChanged={() => void load()} />
      <Messages locale={locale} view={view} />
      <Timeline locale={locale} view={view} />
      <Alert message={error} />
      {isOneOf(DONE_STATUSES, view.status) && !view.feedbackGiven && <FeedbackForm locale={locale} returnId={view.id} />}
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

/** The status link no longer opens a return: say so and lead to the start. */
function StatusMissing({ locale, erased }: { locale: Locale; erased: boolean }) {
  return (
    <section className="card">
      <p className="notice" role="alert">
        {t(locale, erased ? 'statusErased' : 'statusMissing')}
      </p>
      {!erased && <a href="/returns/">{t(locale, 'title')}</a>}
    </section>
  );
}

/** Where the shopper can follow the return later. */
function StatusLink({ locale, token }: { locale: Locale; token: string | null }) {
  return (
    <p>
      {t(locale, 'statusLinkHint')}{' '}
      <a href={`/returns/status#${token}`} data-testid="status-link">
        {t(locale, 'statusLinkText')}
      </a>
    </p>
  );
}

/** Where the return stands, its number and, after a withdrawal, when it was received. */
function StatusHeading({
  locale,
  view,
  justMade,
  declaredAt,
}: {
  locale: Locale;
  view: ReturnView;
  justMade: boolean;
  declaredAt: string | null;
}) {
  return (
    <>
      <h2 id="status-title">{t(locale, view.status === 'cancelled' ? 'cancelled' : justMade ? 'done' : 'statusTitle')}</h2>
      <p>
        {t(locale, 'returnNumber')}: <strong data-testid="return-number">{view.number}</strong>
      </p>
      {declaredAt && (
        <p data-testid="withdrawal">
          {t(locale, 'withdrawDone')}. {t(locale, 'withdrawnAt')} {dateTime(locale, declaredAt, view.timeZone)}.
        </p>
      )}
    </>
  );
}
