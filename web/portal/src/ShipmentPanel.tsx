import { useEffect, useState } from 'react';
import { api, download, objectUrl, type PickupSlots, type ReturnView } from './api.js';
import { ct, trackingStateText } from './carrierTexts.js';
import { documentFileName } from './documentFiles.js';
import { dateTime, type Locale, slotText, t } from './i18n.js';
import { PickupSlotSelect } from './MethodChoice.js';
import { PointText } from './ServicePointPicker.js';

type Logistics = ReturnView['logistics'];
type Shipment = NonNullable<Logistics['shipment']>;

/** How a return travels with a carrier: the drop-off point, the label that is still coming (or the
 * carrier's QR code and label once booked), the pickup with its change and cancel buttons until the
 * cut-off (also for a pickup in Retour's own slots), and each box's tracking history. */
export function ShipmentPanel({
  locale,
  view,
  onChanged,
  onFailed,
}: {
  locale: Locale;
  view: ReturnView;
  onChanged: () => void;
  onFailed: () => void;
}) {
  const { logistics } = view;
  if (!logistics.byCarrier && !logistics.servicePoint && view.method !== 'pickup') return null;
  const active = view.status === 'approved' || view.status === 'requested' || view.status === 'under_review';
  return (
    <div className="shipment" data-testid="shipment">
      {logistics.servicePoint && active && (
        <div data-testid="drop-off-point">
          <p>{ct(locale, 'dropOffAt')}</p>
          <PointText locale={locale} point={logistics.servicePoint} />
        </div>
      )}
      {view.status === 'approved' && logistics.byCarrier && <CarrierDocuments locale={locale} view={view} onFailed={onFailed} />}
      {view.method === 'pickup' && active && (
        <PickupControls locale={locale} view={view} onChanged={onChanged} onFailed={onFailed} />
      )}
      {logistics.shipment && <Tracking locale={locale} shipment={logistics.shipment} timeZone={view.timeZone} />}
    </div>
  );
}

/** The label still coming, or the carrier's QR code and label once it booked the parcel. */
function CarrierDocuments({ locale, view, onFailed }: { locale: Locale; view: ReturnView; onFailed: () => void }) {
  const shipment = view.logistics.shipment;
  const qr = useCarrierQr(view.id, shipment?.hasQr === true);
  if (!shipment || shipment.status === 'pending')
    return (
      <p className="notice" role="status" data-testid="label-follows">
        {ct(locale, 'labelFollows')}
      </p>
    );
  if (shipment.status === 'failed')
    return (
      <p className="notice" role="status">
        {ct(locale, 'labelFailed')}
      </p>
    );
  if (shipment.status !== 'booked') return null;
  return (
    <>
      {shipment.hasQr && (
        <figure className="qr">
          {qr ? (
            <img
              src={qr}
              alt={ct(locale, 'carrierQrAlt', { number: view.number })}
              width={220}
              height={220}
              data-testid="carrier-qr"
            />
          ) : (
            <span role="status">{t(locale, 'loading')}</span>
          )}
          <figcaption>{ct(locale, 'showCarrierQr')}</figcaption>
        </figure>
      )}
      {shipment.hasLabel && (
        <div className="downloads">
          <button
            type="button"
            onClick={() =>
              download(`/shopper/returns/${view.id}/label`, (contentType) =>
                documentFileName(`return-label-${view.number}`, contentType),
              ).catch(onFailed)
            }
          >
            {ct(locale, 'downloadCarrierLabel')}
          </button>
        </div>
      )}
      <BoxDocuments locale={locale} view={view} shipment={shipment} onFailed={onFailed} />
    </>
  );
}

/** Each box's own label or QR code, where the carrier made one per box: one box to print again. */
function BoxDocuments({
  locale,
  view,
  shipment,
  onFailed,
}: {
  locale: Locale;
  view: ReturnView;
  shipment: Shipment;
  onFailed: () => void;
}) {
  const boxes = shipment.parcels.filter((p) => p.document !== null);
  if (boxes.length === 0) return null;
  return (
    <div className="downloads" data-testid="box-documents">
      {boxes.map((p) => (
        <button
          key={p.collo}
          type="button"
          onClick={() =>
            download(`/shopper/returns/${view.id}/boxes/${p.collo}/label`, (contentType) =>
              documentFileName(`return-${p.document === 'qr' ? 'qr' : 'label'}-${view.number}-box-${p.collo}`, contentType),
            ).catch(onFailed)
          }
        >
          {ct(locale, p.document === 'qr' ? 'downloadBoxQr' : 'downloadBoxLabel', { box: p.collo })}
        </button>
      ))}
    </div>
  );
}

/** The carrier's QR image as an object URL while it is shown. */
function useCarrierQr(returnId: string, show: boolean): string | null {
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    if (!show) return;
    let url: string | null = null;
    objectUrl(`/shopper/returns/${returnId}/carrier-qr.png`).then(
      (u) => {
        url = u;
        setQr(u);
      },
      () => setQr(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [show, returnId]);
  return qr;
}

/** The pickup as booked, and moving or cancelling it until the cut-off the evening before. */
function PickupControls({
  locale,
  view,
  onChanged,
  onFailed,
}: {
  locale: Locale;
  view: ReturnView;
  onChanged: () => void;
  onFailed: () => void;
}) {
  const [slots, setSlots] = useState<PickupSlots | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [slot, setSlot] = useState('');
  const [busy, setBusy] = useState(false);
  const until = view.logistics.pickupChangeableUntil;
  const changeable = until !== null && new Date(until).getTime() > Date.now();
  const carrierPickup = view.logistics.shipment?.pickup;

  async function save(next: { start: string; end: string } | null) {
    setBusy(true);
    try {
      await api('POST', `/shopper/returns/${view.id}/pickup`, { slot: next }, { 'idempotency-key': crypto.randomUUID() });
      setChoosing(false);
      onChanged();
    } catch {
      onFailed();
    } finally {
      setBusy(false);
    }
  }
  function startChoosing() {
    setChoosing(true);
    if (!slots) api<PickupSlots>('GET', '/shopper/pickup-slots').then(setSlots, onFailed);
  }

  return (
    <div className="pickup" data-testid="pickup">
      {view.pickupSlot ? (
        carrierPickup?.status === 'booked' && (
          <p role="status">{ct(locale, 'pickupConfirmed', { slot: slotText(locale, view.pickupSlot, view.timeZone) })}</p>
        )
      ) : (
        <p role="status">{ct(locale, 'pickupCancelled')}</p>
      )}
      {changeable && view.pickupSlot && (
        <p className="hint">{ct(locale, 'changeUntil', { date: dateTime(locale, until, view.timeZone) })}</p>
      )}
      {(changeable || !view.pickupSlot) && !choosing && (
        <div className="actions">
          <button type="button" className="secondary" onClick={startChoosing} disabled={busy}>
            {ct(locale, 'changePickup')}
          </button>
          {view.pickupSlot && (
            <button type="button" className="secondary" onClick={() => save(null)} disabled={busy}>
              {ct(locale, 'cancelPickup')}
            </button>
          )}
        </div>
      )}
      {choosing && (
        <>
          <PickupSlotSelect locale={locale} slots={slots} value={slot} onChange={setSlot} />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setChoosing(false)}>
              {t(locale, 'back')}
            </button>
            <button
              type="button"
              disabled={busy || !slot}
              onClick={() => save(slots?.slots.find((s) => s.start === slot) ?? null)}
            >
              {ct(locale, 'savePickup')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** Each box's way, newest first, with the carrier's own tracking page. */
function Tracking({ locale, shipment, timeZone }: { locale: Locale; shipment: Shipment; timeZone: string }) {
  const parcels = shipment.parcels.filter((p) => p.trackingNumber || p.events.length > 0);
  if (parcels.length === 0) return null;
  return (
    <section aria-labelledby="tracking-title" data-testid="tracking">
      <h3 id="tracking-title">{ct(locale, 'tracking')}</h3>
      {parcels.map((p) => (
        <div key={p.collo} className="parcel">
          {parcels.length > 1 && <h4>{ct(locale, 'box', { n: p.collo })}</h4>}
          <p>
            {[p.trackingState && trackingStateText(locale, p.trackingState), p.trackingNumber].filter(Boolean).join(' · ')}
            {p.trackingUrl && (
              <>
                {' '}
                <a href={p.trackingUrl} target="_blank" rel="noreferrer noopener">
                  {ct(locale, 'followCarrier')}
                </a>
              </>
            )}
          </p>
          <ol className="timeline">
            {p.events.map((e) => (
              <li key={`${e.occurredAt}-${e.state}-${e.description}`}>
                {`${dateTime(locale, e.occurredAt, timeZone)} — ${trackingStateText(locale, e.state)}`}
                {e.description && `: ${e.description}`}
                {e.location && ` (${e.location})`}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}
