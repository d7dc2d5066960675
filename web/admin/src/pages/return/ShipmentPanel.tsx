import type { ReturnShipments, ShipmentView } from '../../../../../src/http/routes/logistics/shipments/schema.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, money, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    title: 'Carrier',
    none: "No parcel booked with a carrier: Retour's own label is used.",
    pending: 'Being booked',
    booked: 'Booked',
    failed: 'Booking failed',
    void_requested: 'Void requested',
    voided: 'Voided',
    service: 'Service',
    cost: 'Label cost',
    parcel: 'Box',
    noTracking: 'no tracking number yet',
    label: 'Label',
    qr: 'QR code',
    customs: 'Customs document',
    pickup: 'Pickup',
    lastError: 'Last error',
    retry: 'Book again',
    void: 'Void label',
    routing: 'Routing',
    ruleSent: 'Rule "{rule}" sent it to {to}.',
    defaultSent: 'No rule applied: it goes to {to}.',
    compared: 'Services compared',
    noRate: 'no rate',
    history: 'Tracking',
    boxLabel: 'label of this box',
    boxQr: 'QR code of this box',
  },
  nl: {
    title: 'Vervoerder',
    none: 'Geen pakket aangemeld bij een vervoerder: Retours eigen label wordt gebruikt.',
    pending: 'Wordt aangemeld',
    booked: 'Aangemeld',
    failed: 'Aanmelden mislukt',
    void_requested: 'Annulering aangevraagd',
    voided: 'Geannuleerd',
    service: 'Dienst',
    cost: 'Labelkosten',
    parcel: 'Doos',
    noTracking: 'nog geen trackingnummer',
    label: 'Label',
    qr: 'QR-code',
    customs: 'Douanedocument',
    pickup: 'Ophalen',
    lastError: 'Laatste fout',
    retry: 'Opnieuw aanmelden',
    void: 'Label annuleren',
    routing: 'Routering',
    ruleSent: 'Regel "{rule}" stuurde het naar {to}.',
    defaultSent: 'Geen regel van toepassing: het gaat naar {to}.',
    compared: 'Vergeleken diensten',
    noRate: 'geen tarief',
    history: 'Tracking',
    boxLabel: 'label van deze doos',
    boxQr: 'QR-code van deze doos',
  },
});

type Texts = (typeof T)['en'];

/** The return's parcels booked with carriers: where they stand, their documents, tracking and why
 * routing chose the carrier; staff who review returns may book a failed one again or void a label. */
export function ShipmentPanel({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  const state = useLoad(
    () => api<ReturnShipments>('GET', `/returns/${ret.id}/shipments`),
    [ret.id, ret.status, ret.timeline.length],
  );
  return (
    <section className="card" aria-label={t.title}>
      <h2>{t.title}</h2>
      <Loaded state={state}>
        {(data) => (
          <>
            {data.items.length === 0 && <p className="muted">{t.none}</p>}
            {data.items.map((s) => (
              <ShipmentItem key={s.id} shipment={s} t={t} onChanged={state.reload} />
            ))}
            {data.routing && <RoutingExplanation routing={data.routing} t={t} />}
          </>
        )}
      </Loaded>
    </section>
  );
}

function ShipmentItem({ shipment: s, t, onChanged }: { shipment: ShipmentView; t: Texts; onChanged: () => void }) {
  const lang = useLang();
  const me = useMe();
  const act = useAction();
  const mayAct = can(me.role, 'returns.review');
  const run = async (path: string) => {
    if (await act.run(() => api('POST', path, {}))) onChanged();
  };
  const doc = (kind: string) => `/api/v1/shipments/${s.id}/${kind}`;
  return (
    <article aria-label={s.reference}>
      <h3>
        {s.carrier} · <span className="badge">{t[s.status]}</span>
      </h3>
      <p>
        {t.service}: {s.service}
        {s.cost && ` · ${t.cost}: ${money(s.cost.amount, s.cost.currency, lang)}`}
      </p>
      <ul className="plain">
        {s.parcels.map((p) => (
          <li key={p.id}>
            {t.parcel} {p.collo}:{' '}
            {p.trackingNumber ? (
              p.trackingUrl ? (
                <a href={p.trackingUrl} target="_blank" rel="noreferrer">
                  {p.trackingNumber}
                </a>
              ) : (
                p.trackingNumber
              )
            ) : (
              <span className="muted">{t.noTracking}</span>
            )}
            {p.document && (
              <>
                {' · '}
                <a href={doc(`boxes/${p.collo}/label`)}>{p.document === 'qr' ? t.boxQr : t.boxLabel}</a>
              </>
            )}
            {p.history.length > 0 && (
              <ol aria-label={t.history}>
                {p.history.map((h) => (
                  <li key={`${h.carrierStatus}-${String(h.occurredAt)}`}>
                    <small className="muted">{dateTime(String(h.occurredAt), lang)}</small> {h.description}
                    {h.location && ` · ${h.location}`}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
      {s.pickup && (
        <p>
          {t.pickup}: {dateTime(s.pickup.slot.start, lang)} – {dateTime(s.pickup.slot.end, lang)} ({s.pickup.confirmation})
        </p>
      )}
      <p>
        {s.documents.label && <a href={doc('label')}>{t.label}</a>} {s.documents.qr && <a href={doc('qr')}>{t.qr}</a>}{' '}
        {s.documents.customs && <a href={doc('customs')}>{t.customs}</a>}
      </p>
      {s.lastError && (
        <p className="muted">
          {t.lastError}: {s.lastError}
        </p>
      )}
      {act.error && <ErrorBox message={act.error} />}
      {mayAct && s.status === 'failed' && (
        <button type="button" disabled={act.busy} onClick={() => run(`/shipments/${s.id}/retry`)}>
          {t.retry}
        </button>
      )}
      {mayAct && s.status === 'booked' && (
        <button type="button" disabled={act.busy} onClick={() => run(`/shipments/${s.id}/void`)}>
          {t.void}
        </button>
      )}
    </article>
  );
}

/** "Rule X sent it to Y; services compared: …", as routing decided it. */
function RoutingExplanation({ routing, t }: { routing: NonNullable<ReturnShipments['routing']>; t: Texts }) {
  const lang = useLang();
  const to = `${routing.destination.name} (${routing.destination.country})`;
  return (
    <div>
      <h3>{t.routing}</h3>
      <p>{(routing.rule ? t.ruleSent.replace('{rule}', routing.rule.name) : t.defaultSent).replace('{to}', to)}</p>
      {routing.candidates.length > 0 && (
        <p>
          {t.compared}:{' '}
          {routing.candidates
            .map(
              (c) =>
                `${c.chosen ? '✓ ' : ''}${c.serviceName} (${c.carrier}): ${
                  c.amount !== null && c.currency ? money(c.amount, c.currency, lang) : (c.note ?? t.noRate)
                }`,
            )
            .join('; ')}
        </p>
      )}
    </div>
  );
}
