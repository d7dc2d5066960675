import type { ColumnType } from 'kysely';
import type { CarrierMethod, CarrierName, LabelFormat } from '../../domain/carriers.js';
import type { FlagReason } from '../../domain/parcelClaims.js';
import type { RoutingConditions, RoutingDestination, ServiceChoice } from '../../domain/routing.js';
import type { TrackingState, TrackingUpdate } from '../../domain/tracking.js';
import type { Json, Timestamp, WithDefault } from './columns.js';

/** Tables of Logistics: carriers, which service carries each method per country, routing rules,
 * the parcels booked and their tracking. */

export interface CarrierConnectionsTable {
  id: string;
  carrier: CarrierName;
  name: string;
  enabled: WithDefault<boolean>;
  /** Sealed CarrierCredentials (src/app/logistics/carriers/port.ts). */
  credentials: string;
  /** The last characters of the API key, to tell keys apart without showing them. */
  key_hint: string;
  checked_at: Timestamp | null;
  check_ok: boolean | null;
  check_message: string | null;
  polled_until: Timestamp | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CarrierMethodsTable {
  id: string;
  connection_id: string;
  method: CarrierMethod;
  country: string;
  service_code: string;
  service_name: string;
  needs_service_point: WithDefault<boolean>;
  label_format: WithDefault<LabelFormat>;
  position: WithDefault<number>;
  created_at: Timestamp;
}

export interface RoutingRulesTable {
  id: string;
  name: string;
  position: WithDefault<number>;
  enabled: WithDefault<boolean>;
  conditions: Json<RoutingConditions>;
  destination: Json<RoutingDestination>;
  service_choice: WithDefault<ServiceChoice>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type { RoutingConditions, RoutingDestination } from '../../domain/routing.js';

export type ShipmentStatus = 'pending' | 'booked' | 'failed' | 'void_requested' | 'voided';

export interface ShipmentPickup {
  confirmation: string;
  slot: { start: string; end: string };
  status: 'booked' | 'cancelled';
}

export interface ShipmentsTable {
  id: string;
  return_id: string;
  connection_id: string | null;
  carrier: CarrierName;
  method: CarrierMethod;
  service_code: string;
  reference: string;
  status: ShipmentStatus;
  remote_id: string | null;
  tracking_url: string | null;
  label_format: WithDefault<LabelFormat>;
  label: Buffer | null;
  label_content_type: string | null;
  qr_code: string | null;
  customs_document: Buffer | null;
  pickup: Json<ShipmentPickup | null>;
  cost_amount: number | null;
  cost_currency: string | null;
  customs: Json<Record<string, unknown> | null>;
  tracking_state: TrackingState | null;
  tracking_at: Timestamp | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  booked_at: Timestamp | null;
}

export interface ShipmentParcelsTable {
  id: string;
  shipment_id: string;
  return_id: string;
  carrier: CarrierName;
  collo: number;
  remote_id: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  tracking_state: TrackingState | null;
  tracking_at: Timestamp | null;
  delivered_at: Timestamp | null;
  /** When the tracking round last asked the carrier about this parcel. */
  polled_at: Timestamp | null;
  /** The carrier that moves the box as the connection's API names it (an aggregator's carrier
   * token: usps, postnl …), where the booking said: what its tracking lookup wants. */
  carrier_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** The label of this box alone, where the carrier makes one per box (several boxes only). */
  label: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  label_content_type: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the parcel was flagged as lost or damaged (once), and why (see src/domain/parcelClaims.ts). */
  flagged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  flag_reason: ColumnType<FlagReason | null, FlagReason | null | undefined, FlagReason | null>;
  /** Set once the stalled round found the parcel's return over: no longer watched for news. */
  watch_ended_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface TrackingEventsTable {
  id: string;
  parcel_id: string;
  return_id: string;
  state: TrackingState;
  carrier_status: string;
  description: string;
  location: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  source: 'webhook' | 'poll';
}

/** A tracking update as stored with its webhook delivery (dates as ISO strings). */
export type StoredTrackingUpdate = Omit<TrackingUpdate, 'occurredAt'> & { occurredAt: string };

/** Carriers' tracking webhook deliveries, kept and applied by a job. The row of a delivery (unique
 * per connection and dedupe key) is also what holds a replay off where the carrier's signature does
 * not cover its time (Shippo's signature over the body alone, whose `t` anyone can renew): rows must
 * outlive any replay window, so they are never pruned unless a check of a signed time stands in. */
export interface CarrierWebhooksTable {
  id: string;
  connection_id: string;
  dedupe_key: string;
  updates: ColumnType<StoredTrackingUpdate[], string, string>;
  received_at: Timestamp;
  applied_at: Timestamp | null;
  error: string | null;
}
