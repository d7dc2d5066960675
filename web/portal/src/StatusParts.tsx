import { isOneOf } from '../../../src/domain/oneOf.js';
import { INSPECTABLE_STATUSES } from '../../../src/domain/returnStatus.js';
import { download, type ReturnView } from './api.js';
import { dateTime, eventText, instantDate, type Locale, slotText, t } from './i18n.js';

/** What happens next and by when; after a withdrawal, when the money comes back. */
export function NextStep({ locale, view, declaredAt }: { locale: Locale; view: ReturnView; declaredAt: string | null }) {
  const zone = view.timeZone;
  const step = view.next.code;
  // Nothing comes next for a return that did not go ahead: there is nothing to say.
  if (step === 'none') return null;
  const nextKey = `next.${step}` as const;
  const nextDate = view.next.by
    ? step === 'await_pickup' && view.pickupSlot
      ? slotText(locale, view.pickupSlot, zone)
      : instantDate(locale, view.next.by, zone)
    : '';
  return (
    <div className="next" data-testid="next-step">
      <h3>{t(locale, 'nextTitle')}</h3>
      <p role="status">{t(locale, nextKey, { date: nextDate })}</p>
      {/* From the goods' arrival until the return is resolved, the withdrawal's refund deadline runs. */}
      {declaredAt && isOneOf(INSPECTABLE_STATUSES, view.status) && view.next.by && (
        <p>{t(locale, 'refundBy', { date: instantDate(locale, view.next.by, zone) })}</p>
      )}
    </div>
  );
}

/** Retour's QR code of the return: scanned at the drop-off point, or at the store's counter for a
 * return brought to a store. */
export function QrCode({
  locale,
  number,
  qr,
  atStore,
}: {
  locale: Locale;
  number: string;
  qr: string | null;
  atStore?: boolean;
}) {
  return (
    <figure className="qr">
      {qr ? (
        <img src={qr} alt={t(locale, 'qrAlt', { number })} width={220} height={220} data-testid="qr" />
      ) : (
        <span role="status">{t(locale, 'loading')}</span>
      )}
      <figcaption>{t(locale, atStore ? 'showQrStore' : 'showQr')}</figcaption>
    </figure>
  );
}

/** Where an approved return goes: the pickup slot or the store to bring it to. */
export function HandOver({ locale, view }: { locale: Locale; view: ReturnView }) {
  if (view.status !== 'approved') return null;
  if (view.method === 'pickup' && view.pickupSlot)
    return <p data-testid="pickup-slot">{t(locale, 'pickupAt', { slot: slotText(locale, view.pickupSlot, view.timeZone) })}</p>;
  if (view.method !== 'store' || !view.store) return null;
  return (
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
  );
}

/** Retour's own return label (not for a return in a store, nor where a carrier makes the label:
 * see ShipmentPanel) and the packing slip. */
export function Downloads({ locale, view, onFailed }: { locale: Locale; view: ReturnView; onFailed: () => void }) {
  const fileName = (kind: string) => `${kind}-${view.number}.pdf`;
  return (
    <div className="downloads">
      {view.method !== 'store' && !view.logistics.byCarrier && (
        <button
          type="button"
          onClick={() => download(`/shopper/returns/${view.id}/label`, fileName('return-label')).catch(onFailed)}
        >
          {t(locale, 'downloadLabel')}
        </button>
      )}
      <button
        type="button"
        className="secondary"
        onClick={() =>
          download(`/shopper/returns/${view.id}/packing-slip?locale=${locale}`, fileName('packing-slip')).catch(onFailed)
        }
      >
        {t(locale, 'downloadSlip')}
      </button>
    </div>
  );
}

/** Messages the shop wrote to the shopper. */
export function Messages({ locale, view }: { locale: Locale; view: ReturnView }) {
  if (view.notes.length === 0) return null;
  return (
    <>
      <h3>{t(locale, 'messages')}</h3>
      <ul className="messages" data-testid="messages">
        {view.notes.map((n) => (
          <li key={n.id}>
            <small>{dateTime(locale, n.createdAt, view.timeZone)}</small>
            <p>{n.body}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** What happened, in the shopper's words (events without a text for shoppers are left out). */
export function Timeline({ locale, view }: { locale: Locale; view: ReturnView }) {
  return (
    <>
      <h3>{t(locale, 'timeline')}</h3>
      <ol className="timeline" data-testid="timeline">
        {view.timeline.flatMap((e) => {
          const text = eventText(locale, e.type);
          return text ? [<li key={e.id}>{`${dateTime(locale, e.occurredAt, view.timeZone)} — ${text}`}</li>] : [];
        })}
      </ol>
    </>
  );
}
