import type { CarrierName } from '../../domain/carriers.js';
import type { ClaimKind, ClaimStatus } from '../../domain/parcelClaims.js';
import type { Timestamp } from './columns.js';

/** The claim filed with a carrier for one parcel lost, damaged or sent back on the way. */
export interface ParcelClaimsTable {
  id: string;
  return_id: string;
  shipment_id: string;
  parcel_id: string;
  carrier: CarrierName;
  tracking_number: string | null;
  kind: ClaimKind;
  status: ClaimStatus;
  /** Cents, in `currency`. */
  amount_claimed: number;
  amount_paid: number | null;
  currency: string;
  carrier_reference: string | null;
  opened_by: string | null;
  decided_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  decided_at: Timestamp | null;
}
