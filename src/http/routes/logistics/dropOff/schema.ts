import { z } from 'zod';
import { CARRIER_METHODS } from '../../../../domain/carriers.js';
import { TRACKING_STATES } from '../../../../domain/tracking.js';
import { instant, type Wire } from '../../common.js';

export const servicePointsQuery = z.strictObject({
  method: z.enum(CARRIER_METHODS).describe('The method the point is for (qr, label, partner …)'),
  postcode: z.string().trim().min(2).max(20).optional().describe("Near this postcode; the order's own when left out"),
  houseNumber: z.string().trim().max(20).optional(),
});

const openingHours = z.object({
  day: z.number().int().min(0).max(6).describe('0 = Monday … 6 = Sunday'),
  open: z.string().describe('"09:00"'),
  close: z.string(),
});

/** A drop-off point as the carrier describes it. */
export const servicePoint = z.object({
  id: z.string(),
  carrier: z.string().describe('The carrier that runs the point (postnl, dhl, dpd …)'),
  name: z.string(),
  kind: z.string().describe('service_point, locker, post_office or depot'),
  address: z.object({ line1: z.string(), postcode: z.string(), city: z.string(), country: z.string() }),
  latitude: z.number().nullable().optional(),
  longitude: z.number().nullable().optional(),
  distanceMeters: z.number().nullable().optional(),
  openingHours: z.array(openingHours).optional(),
});

export const servicePoints = z.object({
  country: z.string(),
  postcode: z.string().describe('Where the search looked'),
  points: z.array(servicePoint).describe('Nearest first'),
});

/** The point the shopper picked, as the return request takes it. */
export const chosenServicePoint = servicePoint.partial().extend({
  carrier: z.string().min(1).max(64),
  address: z
    .object({ line1: z.string().max(200), postcode: z.string().max(20), city: z.string().max(100), country: z.string().max(2) })
    .partial()
    .optional(),
});

export const pickupChangeBody = z.strictObject({
  slot: z
    .strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })
    .nullable()
    .describe('A new slot from GET /api/v1/shopper/pickup-slots, or null to cancel the pickup'),
});

export const pickupChanged = z.object({
  returnId: z.string(),
  pickupSlot: z.object({ start: instant, end: instant }).nullable(),
  changeableUntil: instant.nullable().describe('The cut-off: the pickup can be changed or cancelled until then'),
});

const trackingEvent = z.object({
  state: z.enum(TRACKING_STATES),
  description: z.string(),
  location: z.string().nullable(),
  occurredAt: instant,
});

/** The carrier's parcel of a return as the shopper follows it. */
export const shopperShipment = z.object({
  status: z.enum(['pending', 'booked', 'failed', 'void_requested', 'voided']),
  carrier: z.string(),
  method: z.enum(CARRIER_METHODS),
  hasLabel: z.boolean().describe("GET /api/v1/shopper/returns/{id}/label gives the carrier's label"),
  hasQr: z.boolean().describe("GET /api/v1/shopper/returns/{id}/carrier-qr.png gives the carrier's QR code"),
  pickup: z
    .object({ confirmation: z.string(), slot: z.object({ start: z.string(), end: z.string() }), status: z.string() })
    .nullable(),
  trackingState: z.enum(TRACKING_STATES).nullable(),
  parcels: z.array(
    z.object({
      collo: z.number(),
      trackingNumber: z.string().nullable(),
      trackingUrl: z.string().nullable(),
      trackingState: z.enum(TRACKING_STATES).nullable(),
      document: z
        .enum(['label', 'qr'])
        .nullable()
        .describe(
          "GET /api/v1/shopper/returns/{id}/boxes/{collo}/label gives this box's own label or QR code, where there is one",
        ),
      events: z.array(trackingEvent),
    }),
  ),
});

/** How the return travels with a carrier, added to the shopper's view of a return. */
export const shopperLogistics = z.object({
  byCarrier: z.boolean().describe("A carrier carries the return: its label or QR code comes from the carrier, not Retour's own"),
  servicePoint: servicePoint.nullable(),
  parcelCount: z.number(),
  pickupChangeableUntil: instant.nullable(),
  shipment: shopperShipment.nullable(),
});

export type ServicePoints = Wire<typeof servicePoints>;
export type ServicePointWire = Wire<typeof servicePoint>;
export type ShopperShipment = Wire<typeof shopperShipment>;
export type PickupChanged = Wire<typeof pickupChanged>;
