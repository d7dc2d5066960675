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
  type WebhookRequest,
} from '../../../app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { badAnswer, isObject, list, messagesOf, ShippoClient, type ShippoObject, text } from './client.js';
import { labelDocument } from './documents.js';
import { carrierOfToken, costOf, toBookedReturn, toCarrierRate } from './mapping.js';
import { returnServices } from './services.js';
import { asCarrierToken, carrierTokenOf, createReturnShipment, directionFor, providerOf, rateForReturn } from './shipments.js';
import { carrierOfTrackingNumber, updatesOfTrack } from './tracking.js';
import { readShippoWebhook, verifyShippoWebhook } from './webhook.js';

/** How many pages of 100 transactions `findReturn` reads: Shippo lists the newest first and has no
 * search by metadata, and a lost answer is found among the latest labels. */
const FIND_PAGES = 10;

const unsupported = (what: string) => new CarrierError('unsupported', 'CARRIER_UNSUPPORTED', `shippo does not offer ${what}`);

/**
 * Shippo (USPS, FedEx, UPS, DHL Express …): return shipments (`extra.is_return`), rates, labels and
 * QR codes bought as transactions, refunds, tracking and `track_updated` webhooks. Shippo has no
 * idempotency key, so the return's reference goes in each transaction's metadata for `findReturn`.
 */
export class ShippoCarrier implements CarrierAdapter {
  readonly name = 'shippo' as const;
  readonly capabilities = CARRIER_CAPABILITIES.shippo;
  private readonly client: ShippoClient;

  constructor(
    private readonly credentials: CarrierCredentials,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.client = new ShippoClient(credentials);
  }

  async testConnection() {
    await this.client.get('/carrier_accounts', { results: 1 });
    return { account: null };
  }

  services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]> {
    return returnServices(this.client, query);
  }

  async rates(query: RateQuery): Promise<CarrierRate[]> {
    const wanted = query.services;
    const directions = new Set(
      wanted?.length ? wanted.map((s) => directionFor(carrierOfToken(s) ?? '')) : (['outbound', 'travelled'] as const),
    );
    const rates: CarrierRate[] = [];
    for (const direction of directions) {
      const shipment = await createReturnShipment(this.client, {
        shopper: query.from,
        shop: query.to,
        parcels: query.parcels,
        direction,
      });
      for (const rate of list(shipment, 'rates')) {
        // Each direction answers for the carriers it is right for (see ReturnShipment.direction).
        if (directionFor(providerOf(rate)) !== direction) continue;
        const quoted = toCarrierRate(rate);
        if (quoted && (!wanted?.length || wanted.includes(quoted.service))) rates.push(quoted);
      }
    }
    return rates.sort((a, b) => a.amount - b.amount);
  }

  async createReturn(request: ReturnParcelRequest): Promise<BookedReturn> {
    const { rate } = await rateForReturn(this.client, request);
    const transaction = await this.client.post('/transactions', {
      rate: text(rate, 'object_id'),
      label_file_type: request.labelFormat === 'zpl' ? 'ZPLII' : 'PDF_A6',
      async: false,
      metadata: request.reference,
    });
    return this.booked(transaction, rate, request.parcels.length);
  }

  async getReturn(remoteId: string): Promise<BookedReturn> {
    const transaction = await this.client.get(`/transactions/${encodeURIComponent(remoteId)}`);
    return this.booked(transaction, null);
  }

  async findReturn(reference: string): Promise<BookedReturn | null> {
    for (let page = 1; page <= FIND_PAGES; page++) {
      const answer = await this.client.get('/transactions', { page, results: 100 });
      if (!Array.isArray(answer.results)) throw badAnswer('a transaction list without results');
      // An ERROR transaction bought nothing; a refunded one is still the label booked for it.
      const found = list(answer, 'results').find((t) => text(t, 'metadata') === reference && text(t, 'status') !== 'ERROR');
      if (found) return this.booked(found, null);
      if (!answer.next) return null;
    }
    return null;
  }

  /** Each box is a transaction of its own with its own label: a box's document is its
   * transaction's; without a box, the first transaction's, which stands for the return. */
  async document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument> {
    const id = box === undefined ? booked.remoteId : booked.parcels[box]?.remoteId;
    if (!id) throw new CarrierError('rejected', 'CARRIER_NO_BOX', `shippo has no box ${String((box ?? 0) + 1)} in this return`);
    const transaction = await this.client.get(`/transactions/${encodeURIComponent(id)}`);
    return labelDocument(this.client, transaction, kind, format);
  }

  async voidReturn(booked: BookedReturn): Promise<VoidResult> {
    const ids = [...new Set([booked.remoteId, ...booked.parcels.map((p) => p.remoteId)].filter((id): id is string => !!id))];
    const outcomes: VoidResult[] = [];
    for (const transaction of ids) {
      const refund = await this.client.post('/refunds', { transaction, async: false });
      outcomes.push(voidResultOf(text(refund, 'status')));
    }
    if (outcomes.includes('not_voidable')) return 'not_voidable';
    return outcomes.every((o) => o === 'voided') ? 'voided' : 'requested';
  }

  // Shippo's API books no pickups for return labels and finds no drop-off points for them.
  async servicePoints(_query: ServicePointQuery): Promise<ServicePoint[]> {
    throw unsupported('drop-off point search');
  }

  async pickupSlots(_address: CarrierAddress): Promise<PickupSlot[]> {
    throw unsupported('pickups');
  }

  async changePickup(_booked: BookedReturn, _slot: PickupSlot | null): Promise<BookedReturn> {
    throw unsupported('pickups');
  }

  /** Shippo looks a parcel up by carrier and number (`GET /tracks/{carrier}/{number}`): the carrier
   * its booking named, else the one its number's format belongs to. */
  async track(trackingNumber: string, bookedCarrier?: string | null): Promise<TrackingUpdate[]> {
    const carrier = asCarrierToken(bookedCarrier) ?? carrierOfTrackingNumber(trackingNumber);
    if (!carrier)
      throw new CarrierError(
        'rejected',
        'CARRIER_UNKNOWN_TRACKING_NUMBER',
        'shippo: no carrier recognised for this tracking number',
      );
    const track = await this.client.get(`/tracks/${encodeURIComponent(carrier)}/${encodeURIComponent(trackingNumber)}`);
    const updates = updatesOfTrack(track);
    if (!updates) throw badAnswer('a Track without tracking_number or readable statuses');
    return updates;
  }

  parseWebhook(request: WebhookRequest): WebhookBatch {
    const verifiedBy = verifyShippoWebhook(request, this.credentials.webhookSecret, this.clock());
    return { ...readShippoWebhook(request.rawBody), verifiedBy };
  }

  /** A transaction as a booked return, with the other boxes of a multi-parcel return (Shippo buys
   * one transaction per parcel on the same rate), the rate's price and its carrier; the rate is
   * read when the caller does not have it and the transaction names it by id only. */
  private async booked(transaction: ShippoObject, bought: ShippoObject | null, parcelCount?: number): Promise<BookedReturn> {
    const status = text(transaction, 'status');
    if (status === 'ERROR')
      throw new CarrierError(
        'rejected',
        'CARRIER_LABEL_REFUSED',
        `shippo could not buy the label: ${messagesOf(transaction) || 'error'}`,
      );
    const rate = transaction.rate;
    const rateId = isObject(rate) ? text(rate, 'object_id') : typeof rate === 'string' ? rate : null;
    const rateObject =
      bought ?? (isObject(rate) ? rate : rateId ? await this.client.get(`/rates/${encodeURIComponent(rateId)}`) : null);
    let boxes: ShippoObject[] = [];
    if (rateId && status === 'SUCCESS' && parcelCount !== 1)
      boxes = list(await this.client.get('/transactions', { rate: rateId, results: 100 }), 'results');
    return toBookedReturn(
      transaction,
      boxes,
      rateObject ? costOf(rateObject) : null,
      rateObject ? carrierTokenOf(rateObject) : null,
    );
  }
}

/** A refund's status: Shippo's Refund object says QUEUED/PENDING/SUCCESS/ERROR; the transaction's
 * own REFUNDPENDING/REFUNDED/REFUNDREJECTED are read the same way where an answer carries those. */
function voidResultOf(status: string | null): VoidResult {
  if (status === 'SUCCESS' || status === 'REFUNDED') return 'voided';
  if (status === 'QUEUED' || status === 'PENDING' || status === 'REFUNDPENDING') return 'requested';
  if (status === 'ERROR' || status === 'REFUNDREJECTED') return 'not_voidable';
  throw badAnswer('a refund without a known status');
}
