import type { ShipmentView } from '../../../../../src/http/routes/logistics/shipments/schema.js';

/** What the return's label is now, as the label route would answer it. */
export type LabelState =
  | { kind: 'own' }
  | { kind: 'carrier'; shipment: ShipmentView; document: 'label' | 'qr' }
  | { kind: 'pending' }
  | { kind: 'failed'; shipment: ShipmentView };

/** The same decision as the label route (see carrierLabelFollows): a booked carrier parcel's label,
 * else — while a carrier shipment is open (being booked, or failed) — no label yet, else Retour's own. */
export function labelStateOf(items: readonly ShipmentView[]): LabelState {
  const booked = items.filter((s) => s.status === 'booked');
  const latest = booked.at(-1);
  if (latest) return { kind: 'carrier', shipment: latest, document: latest.documents.qr ? 'qr' : 'label' };
  const failed = items.filter((s) => s.status === 'failed').at(-1);
  if (items.some((s) => s.status === 'pending')) return { kind: 'pending' };
  if (failed) return { kind: 'failed', shipment: failed };
  return { kind: 'own' };
}
