/**
 * The port every carrier adapter implements (src/integrations/carriers/<carrier>/): book a return
 * parcel, fetch its label or QR code, void it, find drop-off points, book pickups, read tracking
 * by polling or from a signed webhook. Amounts are minor units, weights grams; adapters convert to
 * their API's format. Adapters never log or put credentials in errors or URLs.
 */

import type { CarrierCapabilities, CarrierMethod, CarrierName, LabelFormat } from '../../../domain/carriers.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';

export type { CarrierCapabilities, CarrierMethod, CarrierName, LabelFormat } from '../../../domain/carriers.js';

/** Credentials and endpoint of one connection, as stored (sealed) in `carrier_connections`. */
export interface CarrierCredentials {
  apiKey: string;
  /** Sendcloud's secret key (Basic auth password, and the key its webhooks are signed with). */
  apiSecret?: string;
  /** Secret webhooks are signed with, where it is not the API secret (Shippo, Easyship). */
  webhookSecret?: string;
  /** PostNL's customer code (4 letters, in barcodes) and customer number. */
  customerCode?: string;
  customerNumber?: string;
  /** Only to point at a test double; the carrier's public API otherwise. */
  baseUrl?: string;
}

export interface CarrierAddress {
  name: string;
  company?: string | null;
  line1: string;
  /** House number where the carrier wants it apart (NL, BE, DE); adapters split `line1` otherwise. */
  houseNumber?: string | null;
  line2?: string | null;
  postcode: string;
  city: string;
  /** State or province code, where the country has them on addresses (US, CA, AU). */
  state?: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
  email?: string | null;
  phone?: string | null;
}

export interface ParcelSize {
  weightGrams: number;
  lengthCm?: number;
  widthCm?: number;
  heightCm?: number;
}

/** One item in the parcel: what customs declarations and some carriers' returns list. */
export interface ParcelItem {
  description: string;
  sku: string;
  quantity: number;
  /** Value of one unit, minor units. */
  unitValue: number;
  currency: string;
  weightGrams: number;
  hsCode?: string | null;
  originCountry?: string | null;
  /** Sendcloud's return reason id where Retour's reason maps to one. */
  returnReasonId?: number | null;
}

/** A service of the carrier: what the shop maps a return method to (Sendcloud shipping option
 * code, Shippo service level token, PostNL product code …). */
export interface CarrierService {
  code: string;
  name: string;
  /** The carrier that really moves the parcel (for aggregators: postnl, dhl, dpd, usps …). */
  carrier: string;
  methods: CarrierMethod[];
  /** A drop-off point must be chosen for it. */
  needsServicePoint: boolean;
  /** Countries it can collect returns from, where the API says; empty when it does not. */
  fromCountries: string[];
}

export interface RateQuery {
  from: CarrierAddress;
  to: CarrierAddress;
  parcels: ParcelSize[];
  /** Only these services; all that carry returns when left out. */
  services?: string[];
}

/** What a service costs for a parcel, as the carrier quotes it. */
export interface CarrierRate {
  service: string;
  serviceName: string;
  amount: number;
  currency: string;
  /** Days on the way, where the carrier says. */
  estimatedDays: number | null;
}

export interface PickupSlot {
  start: string;
  end: string;
}

export interface ReturnParcelRequest {
  /** Retour's reference for the parcel (the return number): the carrier's own dedupe key where it
   * has one, and what `findReturn` looks for after an answer was lost. */
  reference: string;
  orderNumber: string;
  service: string;
  method: CarrierMethod;
  /** The shopper. */
  from: CarrierAddress;
  /** Where the return goes: warehouse, returns hub, vendor or repair partner. */
  to: CarrierAddress;
  /** One entry per box (multi-collo). */
  parcels: ParcelSize[];
  items: ParcelItem[];
  servicePointId?: string | null;
  pickup?: PickupSlot | null;
  /** Present when the parcel crosses a customs border. */
  customs?: { invoiceNumber: string; outboundTrackingNumber?: string | null; outboundShippedAt?: string | null } | null;
  labelFormat: LabelFormat;
}

export interface BookedParcel {
  /** The carrier's id of this box, where it has one per box. */
  remoteId: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  /** The carrier that moves this box as the connection's API names it (an aggregator's carrier
   * token or code: usps, dhl_express, postnl …), where the booking says: kept with the box and
   * handed back to `track`, since an aggregator's tracking lookup may want it. */
  carrier?: string | null;
}

/** A return parcel as the carrier has it. `ready` is false while an asynchronous carrier is still
 * announcing it (no tracking number or label yet): ask again with `getReturn`. */
export interface BookedReturn {
  remoteId: string;
  ready: boolean;
  parcels: BookedParcel[];
  /** What the carrier charges for the label, where it says. */
  cost: { amount: number; currency: string } | null;
  /** For label-free returns: what the shopper shows at the counter (a URL to the carrier's QR
   * image, or the code itself). */
  qrCode: string | null;
  /** A booked pickup, with the carrier's confirmation. */
  pickup: { confirmation: string; slot: PickupSlot } | null;
}

export type DocumentKind = 'label' | 'qr' | 'customs';

export interface CarrierDocument {
  contentType: 'application/pdf' | 'application/zpl' | 'image/png';
  body: Buffer;
}

export interface ServicePointQuery {
  country: string;
  postcode: string;
  houseNumber?: string | null;
  /** Only this carrier's points (for aggregators); all enabled carriers when left out. */
  carrier?: string | null;
  radiusMeters?: number;
  limit?: number;
}

export interface OpeningHours {
  /** 0 = Monday … 6 = Sunday; times as "09:00". */
  day: number;
  open: string;
  close: string;
}

export interface ServicePoint {
  id: string;
  carrier: string;
  name: string;
  kind: 'service_point' | 'locker' | 'post_office' | 'depot';
  address: { line1: string; postcode: string; city: string; country: string };
  latitude: number | null;
  longitude: number | null;
  distanceMeters: number | null;
  openingHours: OpeningHours[];
}

export type VoidResult = 'voided' | 'requested' | 'not_voidable';

/** What a signed webhook said, once verified. `dedupeKey` is the same for a delivery the carrier
 * sends again. */
export interface WebhookBatch {
  dedupeKey: string;
  updates: TrackingUpdate[];
  /** Which reading of the delivery's signature or token vouched for it, where an adapter accepts
   * more than one (Shippo): for a debug log, never the proof itself. */
  verifiedBy?: string;
}

export interface WebhookRequest {
  rawBody: Buffer;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export interface CarrierAdapter {
  readonly name: CarrierName;
  readonly capabilities: CarrierCapabilities;
  /** A cheap authenticated call: proves the credentials work. Names the account where the API says. */
  testConnection(): Promise<{ account: string | null }>;
  /** The services that carry returns from a country to another. */
  services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]>;
  rates(query: RateQuery): Promise<CarrierRate[]>;
  createReturn(request: ReturnParcelRequest): Promise<BookedReturn>;
  getReturn(remoteId: string): Promise<BookedReturn>;
  /** The parcel booked under a reference, if any: after a lost answer, before booking again. */
  findReturn(reference: string): Promise<BookedReturn | null>;
  /** A document of a booked return: of all its boxes, or with `box` (0-based, an index into
   * `booked.parcels`) of that box alone. A carrier that makes one document for all boxes only
   * throws CarrierError `unsupported` (code CARRIER_NO_BOX_DOCUMENT) for a box. */
  document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument>;
  voidReturn(booked: BookedReturn): Promise<VoidResult>;
  servicePoints(query: ServicePointQuery): Promise<ServicePoint[]>;
  /** Pickup windows the carrier offers at an address; empty when it books any working-day window.
   * `now` is Retour's clock, for carriers whose windows are counted from today. */
  pickupSlots(address: CarrierAddress, now?: Date): Promise<PickupSlot[]>;
  /** Moves (a new slot) or cancels (`null`) a booked pickup. */
  changePickup(booked: BookedReturn, slot: PickupSlot | null): Promise<BookedReturn>;
  /** The whole tracking history of a parcel, for carriers without webhooks and to catch up.
   * `carrier` is the box's carrier as its booking named it (BookedParcel.carrier), where known:
   * an aggregator whose lookup wants the carrier uses it before guessing from the number. */
  track(trackingNumber: string, carrier?: string | null): Promise<TrackingUpdate[]>;
  /** Checks a webhook's signature and reads its updates. Throws CarrierError `rejected` with code
   * `WEBHOOK_SIGNATURE_INVALID` or `WEBHOOK_MALFORMED`. */
  parseWebhook(request: WebhookRequest): WebhookBatch;
}

/**
 * Why a carrier call failed. `rejected`: the carrier said no (bad address, unknown service, bad
 * credentials) and asking again will not change that. `transient`: no answer, a time-out, a 5xx or
 * a 429: ask again later (after `retryAfterMs` where the carrier said). `unsupported`: this carrier
 * does not offer that (a pickup with Shippo).
 */
export class CarrierError extends Error {
  constructor(
    readonly kind: 'rejected' | 'transient' | 'unsupported',
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
    /** The field the carrier blamed, where it says. */
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}

/** Builds an adapter for a connection from its credentials (the integrations layer supplies it). */
export type CarrierFactory = (name: CarrierName, credentials: CarrierCredentials) => CarrierAdapter;
