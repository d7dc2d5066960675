import bwipjs from 'bwip-js';
import {
  type BookedReturn,
  type CarrierAdapter,
  type CarrierAddress,
  type CarrierCredentials,
  type CarrierDocument,
  CarrierError,
  type CarrierRate,
  type CarrierService,
  type DocumentKind,
  type LabelFormat,
  type PickupSlot,
  type RateQuery,
  type ReturnParcelRequest,
  type ServicePoint,
  type ServicePointQuery,
  type VoidResult,
  type WebhookBatch,
} from '../../../app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { wholeReturnOnly } from '../http.js';
import { badAnswer, PostNLClient } from './client.js';
import { blamedField, type LabelShipment, labelRequest, labelShipmentsOf, postnlAddress, SENDER } from './labelRequest.js';
import { LabelShelf, labelsOfAnswer, printerType } from './labels.js';
import { servicePointsOf } from './locations.js';
import { productFor, RETURN_PRODUCT, returnServices } from './mapping.js';
import { orderIdOf, PURCHASE_PATH, QUOTE_PATH, slotsOfQuote, timeframeOf } from './pickup.js';
import { bookedFromShipments, historyOf, reprintOf, statusShipments } from './status.js';
import { updatedShipments } from './updatedShipments.js';

const LABEL_PATH = '/shipment/v2_2/label';
const BARCODE_PATH = '/shipment/v1_1/barcode';
const STATUS_PATH = '/shipment/v2/status';

type Obj = Record<string, unknown>;

/**
 * PostNL booked directly (api.postnl.nl, header `apikey`): a 2285 return label or a label-free Smart
 * Return (the shopper shows the barcode at a PostNL point), Return on Demand pickups, PostNL points
 * and lockers, and tracking by polling — PostNL pushes no webhooks.
 */
export class PostNLCarrier implements CarrierAdapter {
  readonly name = 'postnl' as const;
  readonly capabilities = CARRIER_CAPABILITIES.postnl;
  private readonly client: PostNLClient;
  private readonly labels = new LabelShelf();

  constructor(readonly credentials: CarrierCredentials) {
    this.client = new PostNLClient(credentials);
  }

  /** Reserving a barcode proves the key, customer code and number together; unused barcodes cost nothing. */
  async testConnection(): Promise<{ account: string | null }> {
    await this.barcode();
    return { account: `${this.client.customerCode} ${this.client.customerNumber}` };
  }

  async services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]> {
    return returnServices(query.fromCountry, query.toCountry);
  }

  /** PostNL's API has no price endpoint (prices are in the shop's contract): nothing to compare,
   * and routing treats the price as unknown. */
  async rates(_query: RateQuery): Promise<CarrierRate[]> {
    return [];
  }

  /** A barcode per box, then one labelling call that also announces them (`confirm=true`); a
   * pickup is then ordered for the slot. PostNL has no dedupe key: after a lost answer, the
   * caller asks `findReturn` (by `Reference`) before booking again. */
  async createReturn(request: ReturnParcelRequest): Promise<BookedReturn> {
    if (request.parcels.length === 0)
      throw new CarrierError('rejected', 'CARRIER_REJECTED', 'No parcel to book', null, null, 'parcels');
    const product = productFor(request.service, request.method);
    const barcodes: string[] = [];
    for (const _ of request.parcels) barcodes.push(await this.barcode());
    const shipments = labelShipmentsOf(request, barcodes, product);
    const document = await this.label(shipments, request.labelFormat, true);
    const booked: BookedReturn = bookedFromShipments(
      shipments.map((s, i) => ({
        Barcode: s.barcode,
        MainBarcode: barcodes[0],
        ShipmentCounter: i + 1,
        ProductOptions: product.options,
        Address: [postnlAddress('01', s.to)],
      })),
    );
    this.labels.put(booked.remoteId, request.labelFormat, document);
    if (request.method !== 'pickup' || !request.pickup) return booked;
    return { ...booked, pickup: await this.purchase(booked.remoteId, request.pickup) };
  }

  async getReturn(remoteId: string): Promise<BookedReturn> {
    const shipments = await this.shipmentsOf(remoteId);
    if (shipments.length === 0)
      throw new CarrierError('rejected', 'CARRIER_NOT_FOUND', `PostNL knows no parcel ${remoteId}`, 404);
    return bookedFromShipments(shipments);
  }

  /** `GET /shipment/v2/status/reference/{ref}`: the parcel booked with this `Reference`, if any. */
  async findReturn(reference: string): Promise<BookedReturn | null> {
    const body = await this.orNull(
      this.client.json(
        this.client.get(`${STATUS_PATH}/reference/${encodeURIComponent(reference)}`, {
          customerCode: this.client.customerCode,
          customerNumber: this.client.customerNumber,
          detail: true,
        }),
      ),
    );
    const shipments = body === null ? [] : statusShipments(body);
    const first = shipments[0];
    if (!first) return null;
    const main = first.MainBarcode ?? first.Barcode;
    return bookedFromShipments(shipments.filter((s) => (s.MainBarcode ?? s.Barcode) === main));
  }

  /** A box's own label is printed again from its status, on its barcode (see reprint); the Smart
   * Return code is one for the whole return. */
  async document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument> {
    if (kind === 'qr') {
      wholeReturnOnly('PostNL', booked, box);
      if (!booked.qrCode)
        throw new CarrierError('rejected', 'CARRIER_NO_QR', 'This PostNL parcel is not a Smart Return', null, null, 'method');
      // PostNL e-mails the shopper this barcode and serves no image of it: Retour draws the same code.
      const body = await bwipjs.toBuffer({
        bcid: 'qrcode',
        text: booked.qrCode,
        scale: 4,
        paddingwidth: 4,
        paddingheight: 4,
        backgroundcolor: 'FFFFFF',
      });
      return { contentType: 'image/png', body };
    }
    if (kind === 'customs')
      throw new CarrierError(
        'unsupported',
        'CARRIER_UNSUPPORTED',
        'PostNL carries returns only within NL and BE: no customs document',
      );
    const shelved = box === undefined ? booked.remoteId : `${booked.remoteId}#${box}`;
    const kept = this.labels.get(shelved, format);
    const body = kept ?? (await this.reprint(booked.remoteId, format, box));
    return { contentType: format === 'pdf' ? 'application/pdf' : 'application/zpl', body };
  }

  /** PostNL offers no way to cancel a label, and charges only what it scans: an unused label
   * expires by itself (event M03). So there is nothing to void, as CARRIER_CAPABILITIES says. */
  async voidReturn(_booked: BookedReturn): Promise<VoidResult> {
    throw new CarrierError(
      'unsupported',
      'CARRIER_VOID_UNSUPPORTED',
      'PostNL labels cannot be voided; an unused label is not charged and expires',
    );
  }

  /** PostNL points and parcel lockers near a postcode (`/shipment/v2_1/locations/nearest`). */
  async servicePoints(query: ServicePointQuery): Promise<ServicePoint[]> {
    if (query.carrier && query.carrier !== 'postnl') return [];
    const houseNumber = /^\d+/.exec(query.houseNumber ?? '')?.[0];
    const body = await this.client.json(
      this.client.get('/shipment/v2_1/locations/nearest', {
        CountryCode: query.country.toUpperCase(),
        PostalCode: query.postcode.replace(/\s+/g, '').toUpperCase(),
        HouseNumber: houseNumber,
      }),
    );
    const points = servicePointsOf(body).filter(
      (p) => !query.radiusMeters || p.distanceMeters === null || p.distanceMeters <= query.radiusMeters,
    );
    return query.limit ? points.slice(0, query.limit) : points;
  }

  /** Return on Demand's quote: the time frames PostNL can fetch a parcel at this address. */
  async pickupSlots(address: CarrierAddress): Promise<PickupSlot[]> {
    const body = await this.client.json(
      this.client.post(QUOTE_PATH, {
        CustomerCode: this.client.customerCode,
        CustomerNumber: this.client.customerNumber,
        Address: postnlAddress(SENDER, address),
      }),
      (element) => (element ? blamedField(`Shipments[0].Addresses[1].${element.split('.').pop()}`) : null),
    );
    return slotsOfQuote(body);
  }

  /** A new slot is ordered before the old order is cancelled, so a refused move leaves the pickup
   * that was booked. */
  async changePickup(booked: BookedReturn, slot: PickupSlot | null): Promise<BookedReturn> {
    const pickup = slot ? await this.purchase(booked.remoteId, slot) : null;
    if (booked.pickup) {
      const res = await this.client.delete(`${PURCHASE_PATH}/${encodeURIComponent(booked.pickup.confirmation)}`);
      // Already gone is what cancelling wanted.
      if (res.status >= 300 && res.status !== 404) throw this.client.refusal(res);
    }
    return { ...booked, pickup };
  }

  /** `GET /shipment/v2/status/barcode/{barcode}?detail=true`: statuses (current and old) and events. */
  async track(trackingNumber: string): Promise<TrackingUpdate[]> {
    const shipments = await this.shipmentsOf(trackingNumber);
    const parcel = shipments.find((s) => s.Barcode === trackingNumber) ?? shipments[0];
    return parcel ? historyOf(parcel) : [];
  }

  /** Status changes of all the shop's parcels between two moments, for polling: see updatedShipments.ts. */
  updatedShipments(from: Date, to: Date, now = new Date()): Promise<TrackingUpdate[]> {
    return updatedShipments(this.client, from, to, now);
  }

  parseWebhook(): WebhookBatch {
    throw new CarrierError('unsupported', 'CARRIER_NO_WEBHOOKS', 'PostNL sends no webhooks: its tracking is polled');
  }

  private async barcode(): Promise<string> {
    const digits = 13 - this.client.customerCode.length;
    const body = await this.client.json(
      this.client.get(BARCODE_PATH, {
        CustomerCode: this.client.customerCode,
        CustomerNumber: this.client.customerNumber,
        Type: '3S',
        Serie: `${'0'.repeat(digits)}-${'9'.repeat(digits)}`,
      }),
      (element) => (element && /Customer(Code|Number)/.test(element) ? element.replace(/^.*\.?Customer/, 'customer') : null),
    );
    const barcode = (body as Obj).Barcode;
    if (typeof barcode !== 'string' || !/^3S[A-Z0-9]+$/.test(barcode) || ![13, 15].includes(barcode.length))
      throw badAnswer('no 13- or 15-character 3S barcode');
    return barcode;
  }

  private async label(shipments: LabelShipment[], format: LabelFormat, confirm: boolean): Promise<Buffer> {
    const customer = { code: this.client.customerCode, number: this.client.customerNumber };
    const body = labelRequest(customer, shipments, printerType(format, shipments.length), new Date());
    const answer = await this.client.json(this.client.post(LABEL_PATH, body, { confirm }), blamedField);
    return labelsOfAnswer(answer, format).document;
  }

  /** A label asked again later (another process, the other format, one box alone): printed from
   * the parcel's status without announcing it again (`confirm=false`), on the same barcodes. A
   * Smart Return's copy is printed as a plain 2285 label: the point prints its own from the
   * barcode anyway. One box's label keeps its place in the group (box 2 of 3). */
  private async reprint(remoteId: string, format: LabelFormat, box?: number): Promise<Buffer> {
    const found = await this.shipmentsOf(remoteId);
    if (found.length === 0) throw new CarrierError('rejected', 'CARRIER_NOT_FOUND', `PostNL knows no parcel ${remoteId}`, 404);
    const booked = bookedFromShipments(found);
    const shipments = found.map((s, i): LabelShipment => {
      const parts = reprintOf(s);
      if (!parts) throw badAnswer('a parcel status without its addresses');
      return {
        barcode: booked.parcels[i]?.trackingNumber ?? remoteId,
        from: parts.from,
        to: parts.to,
        parcel: { weightGrams: parts.weightGrams },
        reference: parts.reference,
        orderNumber: null,
        product: {
          code: typeof s.ProductCode === 'string' ? s.ProductCode.replace(/^0+(?=\d{4})/, '') : RETURN_PRODUCT,
          options: [],
        },
        group: found.length > 1 ? { mainBarcode: remoteId, sequence: i + 1, count: found.length } : null,
      };
    });
    if (box !== undefined) {
      const one = shipments[box];
      if (!one) throw new CarrierError('rejected', 'CARRIER_NO_BOX', `PostNL has no box ${box + 1} in parcel ${remoteId}`);
      const document = await this.label([one], format, false);
      this.labels.put(`${remoteId}#${box}`, format, document);
      return document;
    }
    const document = await this.label(shipments, format, false);
    this.labels.put(remoteId, format, document);
    return document;
  }

  private async purchase(barcode: string, slot: PickupSlot): Promise<{ confirmation: string; slot: PickupSlot }> {
    const body = await this.client.json(
      this.client.post(PURCHASE_PATH, {
        CustomerCode: this.client.customerCode,
        CustomerNumber: this.client.customerNumber,
        Barcode: barcode,
        Timeframe: timeframeOf(slot),
      }),
      () => 'pickup',
    );
    return { confirmation: orderIdOf(body), slot };
  }

  /** The shipments under a barcode (all boxes of a main barcode); none when PostNL knows none. */
  private async shipmentsOf(barcode: string): Promise<Obj[]> {
    const body = await this.orNull(
      this.client.json(this.client.get(`${STATUS_PATH}/barcode/${encodeURIComponent(barcode)}`, { detail: true })),
    );
    return body === null ? [] : statusShipments(body);
  }

  private async orNull(answer: Promise<unknown>): Promise<unknown> {
    try {
      return await answer;
    } catch (err) {
      if (err instanceof CarrierError && err.code === 'CARRIER_NOT_FOUND') return null;
      throw err;
    }
  }
}
