import type {
  BookedReturn,
  CarrierAdapter,
  CarrierAddress,
  CarrierCredentials,
  CarrierDocument,
  CarrierRate,
  CarrierService,
  DocumentKind,
  LabelFormat,
  PickupSlot,
  RateQuery,
  ReturnParcelRequest,
  ServicePoint,
  ServicePointQuery,
  VoidResult,
  WebhookBatch,
  WebhookRequest,
} from '../../../app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { badAnswer, isObject, SendcloudClient } from './client.js';
import { fetchDocument } from './documents.js';
import { listServices, quoteRates } from './options.js';
import { bookPickup, changePickup, pickupWindows } from './pickups.js';
import { createReturn, findReturn, getReturn, voidReturn } from './returns.js';
import { findServicePoints } from './servicePoints.js';
import { trackParcel } from './tracking.js';
import { parseSendcloudWebhook } from './webhook.js';

/**
 * Sendcloud (panel.sendcloud.sc): one account for PostNL, DHL, DPD, UPS, bpost and more. Returns
 * are booked with the v3 Returns API and announced with the carrier asynchronously; tracking comes
 * from `parcel_status_changed` webhooks signed with the integration's secret key.
 */
export class SendcloudCarrier implements CarrierAdapter {
  readonly name = 'sendcloud' as const;
  readonly capabilities = CARRIER_CAPABILITIES.sendcloud;
  private readonly client: SendcloudClient;

  constructor(private readonly credentials: CarrierCredentials) {
    this.client = new SendcloudClient(credentials);
  }

  async testConnection(): Promise<{ account: string | null }> {
    const body = (await this.client.json('GET', '/api/v2/user')).body;
    if (!isObject(body) || !isObject(body.user)) throw badAnswer('the account');
    const user = body.user;
    const account = user.company_name ?? user.username ?? null;
    return { account: typeof account === 'string' && account !== '' ? account : null };
  }

  services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]> {
    return listServices(this.client, query);
  }

  rates(query: RateQuery): Promise<CarrierRate[]> {
    return quoteRates(this.client, query);
  }

  /** Books the return, then the pickup where the shopper chose one (also when the return was
   * booked before and its answer lost, so a retry completes what the first attempt began). */
  async createReturn(request: ReturnParcelRequest): Promise<BookedReturn> {
    const booked = await createReturn(this.client, request);
    if (request.method !== 'pickup' || !request.pickup || booked.pickup) return booked;
    const pickup = await bookPickup(this.client, {
      carrier: request.service.split(':')[0] ?? request.service,
      from: request.from,
      slot: request.pickup,
      boxes: Math.max(1, request.parcels.length),
      weightGrams: request.parcels.reduce((sum, p) => sum + p.weightGrams, 0),
      reference: request.reference,
    });
    return { ...booked, pickup };
  }

  /** The return as Sendcloud has it. Sendcloud keeps pickups apart from returns, so `pickup` is
   * what `createReturn` or `changePickup` answered, kept by the caller. */
  getReturn(remoteId: string): Promise<BookedReturn> {
    return getReturn(this.client, remoteId);
  }

  findReturn(reference: string): Promise<BookedReturn | null> {
    return findReturn(this.client, reference);
  }

  document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument> {
    return fetchDocument(this.client, booked, kind, format, box);
  }

  voidReturn(booked: BookedReturn): Promise<VoidResult> {
    return voidReturn(this.client, booked);
  }

  servicePoints(query: ServicePointQuery): Promise<ServicePoint[]> {
    return findServicePoints(this.client, query);
  }

  async pickupSlots(address: CarrierAddress, now = new Date()): Promise<PickupSlot[]> {
    return pickupWindows(address, now);
  }

  changePickup(booked: BookedReturn, slot: PickupSlot | null): Promise<BookedReturn> {
    return changePickup(this.client, booked, slot);
  }

  track(trackingNumber: string): Promise<TrackingUpdate[]> {
    return trackParcel(this.client, trackingNumber);
  }

  /** Signed with the secret key (or a separate webhook signature key where the integration has one). */
  parseWebhook(request: WebhookRequest): WebhookBatch {
    return parseSendcloudWebhook(request, this.credentials.webhookSecret ?? this.credentials.apiSecret);
  }
}
