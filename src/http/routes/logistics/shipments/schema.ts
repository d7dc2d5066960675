import { z } from 'zod';
import { CARRIER_METHODS, CARRIERS, LABEL_FORMATS } from '../../../../domain/carriers.js';
import { type RoutingExplanation, SERVICE_CHOICES } from '../../../../domain/routing.js';
import { TRACKING_STATES } from '../../../../domain/tracking.js';
import { instant, type Wire } from '../../common.js';

const money = z.object({ amount: z.number().int(), currency: z.string() });

/** Where a return can be sent, as the explanation names it ('default': the shop's return address). */
const DESTINATION_KINDS = [
  'warehouse',
  'nearest_warehouse',
  'vendor',
  'repair_partner',
  'default',
] as const satisfies readonly RoutingExplanation['destination']['kind'][];

export const SHIPMENT_STATUSES = ['pending', 'booked', 'failed', 'void_requested', 'voided'] as const;

/** Which rule sent the return where, and the services and rates compared. */
export const routingExplanation = z
  .object({
    rule: z.object({ id: z.string(), name: z.string() }).nullable(),
    skipped: z.array(z.object({ id: z.string(), name: z.string(), reason: z.string() })),
    destination: z.object({
      kind: z.enum(DESTINATION_KINDS),
      name: z.string(),
      warehouseId: z.string().nullable(),
      country: z.string(),
    }),
    serviceChoice: z.enum(SERVICE_CHOICES),
    candidates: z.array(
      z.object({
        connectionId: z.string(),
        carrier: z.enum(CARRIERS),
        service: z.string(),
        serviceName: z.string(),
        amount: z.number().nullable(),
        currency: z.string().nullable(),
        note: z.string().nullable(),
        chosen: z.boolean(),
      }),
    ),
    fallback: z.boolean(),
    decidedAt: z.string(),
  })
  .describe('Where routing sent the return and why');

const trackingEvent = z.object({
  state: z.enum(TRACKING_STATES),
  carrierStatus: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  occurredAt: instant,
});

const parcel = z.object({
  id: z.string(),
  collo: z.number().int().describe('Which box of the return (1, 2 …)'),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  trackingState: z.enum(TRACKING_STATES).nullable(),
  deliveredAt: instant.nullable(),
  document: z
    .enum(['label', 'qr'])
    .nullable()
    .describe("GET /api/v1/shipments/{id}/boxes/{collo}/label gives this box's own label or QR code, where the carrier made one"),
  history: z.array(trackingEvent),
});

export const shipment = z.object({
  id: z.string(),
  carrier: z.enum(CARRIERS),
  method: z.enum(CARRIER_METHODS),
  service: z.string().describe("The carrier's service code"),
  reference: z.string().describe('Sent to the carrier: the return number'),
  status: z.enum(SHIPMENT_STATUSES),
  remoteId: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  trackingState: z.enum(TRACKING_STATES).nullable(),
  cost: money.nullable().describe('What the carrier charges for the label'),
  pickup: z
    .object({
      confirmation: z.string(),
      slot: z.object({ start: z.string(), end: z.string() }),
      status: z.enum(['booked', 'cancelled']),
    })
    .nullable(),
  customs: z.record(z.string(), z.unknown()).nullable().describe('The customs declaration sent, when the parcel crosses one'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  documents: z.object({ label: z.boolean(), qr: z.boolean(), customs: z.boolean() }),
  labelFormat: z.enum(LABEL_FORMATS),
  qrCode: z.string().nullable().describe('For label-free returns: what the shopper shows at the counter'),
  createdAt: instant,
  bookedAt: instant.nullable(),
  parcels: z.array(parcel),
});

export const returnShipments = z.object({
  routing: routingExplanation.nullable(),
  items: z.array(shipment),
});

export const retryOutcome = z.object({ shipmentId: z.string(), status: z.literal('pending') });
export const voidOutcome = z.object({
  shipmentId: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  result: z.enum(['voided', 'requested', 'not_voidable', 'nothing_booked']).nullable(),
});

/** A document answered as the carrier made it: a PDF or, for warehouse printers, ZPL. */
export const labelResponse = {
  description: "The carrier's return label (PDF, or ZPL where the service is set up for thermal printers)",
  content: {
    'application/pdf': { schema: z.string().describe('PDF label') },
    'application/zpl': { schema: z.string().describe('ZPL label') },
  },
};

export const boxParams = z.object({
  id: z.string().min(1).max(64),
  collo: z.coerce.number().int().min(1).max(99).describe('Which box of the return (1, 2 …)'),
});

/** One box's own document: its label (PDF or ZPL) or, for a label-free return, its QR code. */
export const boxDocumentResponse = {
  description: "The carrier's label (PDF or ZPL) or QR code (PNG) of one box of the return",
  content: {
    'application/pdf': { schema: z.string().describe('PDF label') },
    'application/zpl': { schema: z.string().describe('ZPL label') },
    'image/png': { schema: z.string().describe('QR code') },
  },
};

export type ReturnShipments = Wire<typeof returnShipments>;
export type ShipmentView = Wire<typeof shipment>;
