import type { ReturnShipments } from '../../../../../src/http/routes/logistics/shipments/schema.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { labelStateOf } from './labelState.js';
import { RETURN_TEXTS } from './returnTexts.js';

const T = texts({
  en: {
    carrierLabel: "Carrier's label",
    carrierQr: "Carrier's QR code",
    pending: "The carrier's label is being booked: the shopper gets it by e-mail once it is there.",
    failed: 'The carrier did not book the label: the shopper sees that it could not be made and that the shop gets in touch.',
    retry: 'Book again',
  },
  nl: {
    carrierLabel: 'Label van de vervoerder',
    carrierQr: 'QR-code van de vervoerder',
    pending: 'Het label wordt bij de vervoerder aangemeld: de klant krijgt het per e-mail zodra het er is.',
    failed:
      'De vervoerder heeft het label niet aangemaakt: de klant ziet dat het niet kon worden gemaakt en dat de winkel contact opneemt.',
    retry: 'Opnieuw aanmelden',
  },
});

/**
 * The return's label as staff open it: the carrier's once booked, Retour's own where no carrier
 * carries the return, and while the carrier's label is still to come what the shopper was told
 * instead of a link that would only answer "label follows".
 */
export function ReturnLabelLink({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  const own = useT(RETURN_TEXTS);
  const me = useMe();
  const act = useAction();
  const state = useLoad(
    () => api<ReturnShipments>('GET', `/returns/${ret.id}/shipments`),
    [ret.id, ret.status, ret.timeline.length],
  );
  if (!state.data) return null;
  const label = labelStateOf(state.data.items);
  if (label.kind === 'own')
    return (
      <a href={`/api/v1/returns/${ret.id}/label`} target="_blank" rel="noreferrer">
        {own.label}
      </a>
    );
  if (label.kind === 'carrier')
    return (
      <a href={`/api/v1/shipments/${label.shipment.id}/${label.document}`} target="_blank" rel="noreferrer">
        {label.document === 'qr' ? t.carrierQr : t.carrierLabel}
      </a>
    );
  if (label.kind === 'pending')
    return (
      <span role="status" className="muted" data-testid="label-follows">
        {t.pending}
      </span>
    );
  const retry = async () => {
    if (await act.run(() => api('POST', `/shipments/${label.shipment.id}/retry`, {}))) state.reload();
  };
  return (
    <span role="status" data-testid="label-failed">
      {t.failed}{' '}
      {can(me.role, 'returns.review') && (
        <button type="button" disabled={act.busy} onClick={retry}>
          {t.retry}
        </button>
      )}
      {act.error && <ErrorBox message={act.error} />}
    </span>
  );
}
