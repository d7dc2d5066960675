import { describe, expect, it } from 'vitest';
import type { ShipmentView } from '../src/http/routes/logistics/shipments/schema.js';
import { labelStateOf } from '../web/admin/src/pages/return/labelState.js';

/** A shipment as the back office reads it, with what the label decision looks at. */
const shipment = (id: string, status: ShipmentView['status'], qr = false) =>
  ({ id, status, documents: { label: !qr, qr, customs: false } }) as unknown as ShipmentView;

// The back office shows what the label route would answer (see carrierLabelFollows).
describe("the back office's return label", () => {
  it("is Retour's own where no carrier shipment is open or booked", () => {
    expect(labelStateOf([])).toEqual({ kind: 'own' });
    expect(labelStateOf([shipment('s1', 'voided'), shipment('s2', 'void_requested')])).toEqual({ kind: 'own' });
  });

  it("is the latest booked shipment's label, or its QR code, whatever else is open", () => {
    const booked = shipment('s2', 'booked');
    expect(labelStateOf([shipment('s1', 'failed'), booked, shipment('s3', 'pending')])).toEqual({
      kind: 'carrier',
      shipment: booked,
      document: 'label',
    });
    const later = shipment('s4', 'booked', true);
    expect(labelStateOf([booked, later])).toMatchObject({ kind: 'carrier', shipment: { id: 's4' }, document: 'qr' });
  });

  it('is still to come while a shipment is being booked, also after one failed', () => {
    expect(labelStateOf([shipment('s1', 'pending')])).toEqual({ kind: 'pending' });
    expect(labelStateOf([shipment('s1', 'failed'), shipment('s2', 'pending'), shipment('s3', 'voided')])).toEqual({
      kind: 'pending',
    });
  });

  it('is the latest failed booking, to book again, where none is being booked', () => {
    const failed = shipment('s2', 'failed');
    expect(labelStateOf([shipment('s1', 'failed'), failed, shipment('s3', 'voided')])).toEqual({
      kind: 'failed',
      shipment: failed,
    });
  });
});
