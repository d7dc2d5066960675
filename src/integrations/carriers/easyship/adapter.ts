import {
  type BookedReturn,
  type CarrierAdapter,
  type CarrierCredentials,
  type CarrierDocument,
  CarrierError,
  type CarrierRate,
  type CarrierService,
  type DocumentKind,
  type LabelFormat,
  type RateQuery,
  type ReturnParcelRequest,
  type VoidResult,
  type WebhookBatch,
  type WebhookRequest,
} from '../../../app/logistics/carriers/port.js';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { fromDecimal, wholeReturnOnly } from '../http.js';
import { EasyshipClient } from './client.js';
import {
  asShipment,
  type EasyshipShipment,
  isCancelled,
  referenceOf,
  toBookedReturn,
  toEasyshipAddress,
  toEasyshipParcels,
} from './mapping.js';
import { type EasyshipTracking, easyshipUpdates } from './tracking.js';
import { parseEasyshipWebhook } from './webhook.js';

/** Shipments per page when looking for one by reference, and how many pages are read at most:
 * a lost answer is retried within hours, so the shipment is among the newest. */
const PER_PAGE = 100;
const FIND_PAGES = 10;

const unsupported = (what: string): never => {
  throw new CarrierError('unsupported', 'CARRIER_UNSUPPORTED', `easyship does not offer ${what} for returns`);
};
const badAnswer = (what: string) => new CarrierError('transient', 'CARRIER_BAD_ANSWER', `easyship answered ${what}`);

interface CourierService {
  id?: string;
  name?: string;
  umbrella_name?: string;
}

/**
 * Easyship (API 2024-09): printed return labels, tracked by JWT-signed webhooks and by polling.
 *
 * Where this departs from Easyship's return guide: its return endpoint
 * (`POST /shipments/{id}/return`) needs the outbound shipment to have been booked with Easyship,
 * and Retour returns orders however they were sent. So a return is a plain shipment from the
 * shopper (origin) to the warehouse (destination), its label bought with `POST /labels`; the
 * return number is its `platform_order_number`, which is how a booking is found again (Easyship
 * has no idempotency key). No "return" flag is sent on the shipment: none is documented.
 */
export class EasyshipCarrier implements CarrierAdapter {
  readonly name = 'easyship' as const;
  readonly capabilities = CARRIER_CAPABILITIES.easyship;
  private readonly client: EasyshipClient;

  constructor(readonly credentials: CarrierCredentials) {
    this.client = new EasyshipClient(credentials);
  }

  async testConnection(): Promise<{ account: string | null }> {
    let body: Record<string, unknown>;
    try {
      body = await this.client.call('GET', '/account');
    } catch (err) {
      // Not every token may read the account: any authenticated call proves the token then.
      if (!(err instanceof CarrierError) || err.status !== 404) throw err;
      await this.client.call('GET', '/courier_services?per_page=1');
      return { account: null };
    }
    const account = (body.account ?? body) as { company_name?: unknown; name?: unknown };
    const name = account.company_name ?? account.name;
    return { account: typeof name === 'string' ? name : null };
  }

  async services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]> {
    const from = query.fromCountry.toUpperCase();
    const body = await this.client.call(
      'GET',
      `/courier_services?origin_country_alpha2=${encodeURIComponent(from)}&per_page=100`,
    );
    const list = body.courier_services ?? body.couriers;
    if (!Array.isArray(list)) throw badAnswer('courier services without a list');
    return (list as CourierService[])
      .filter((c) => typeof c?.id === 'string')
      .map((c) => ({
        code: c.id as string,
        name: c.name ?? (c.id as string),
        carrier: (c.umbrella_name ?? c.name ?? 'easyship').toLowerCase(),
        methods: ['label' as const],
        needsServicePoint: false,
        fromCountries: [from],
      }));
  }

  async rates(query: RateQuery): Promise<CarrierRate[]> {
    const body = await this.client.call('POST', '/rates', {
      origin_address: toEasyshipAddress(query.from),
      destination_address: toEasyshipAddress(query.to),
      parcels: toEasyshipParcels(query.parcels, []),
    });
    if (!Array.isArray(body.rates)) throw badAnswer('rates without a rate list');
    const out: CarrierRate[] = [];
    for (const r of body.rates as Record<string, unknown>[]) {
      const service = (r.courier_service ?? {}) as CourierService;
      const id = service.id ?? (r.courier_id as string | undefined);
      const charge = r.total_charge;
      if (typeof id !== 'string' || (typeof charge !== 'number' && typeof charge !== 'string') || typeof r.currency !== 'string')
        continue;
      if (query.services && !query.services.includes(id)) continue;
      const days = r.max_delivery_time ?? r.min_delivery_time;
      out.push({
        service: id,
        serviceName: service.name ?? (r.courier_name as string | undefined) ?? id,
        amount: fromDecimal(charge),
        currency: r.currency.toUpperCase(),
        estimatedDays: typeof days === 'number' ? days : null,
      });
    }
    return out;
  }

  /** Books once per reference: a shipment an earlier attempt made is reused, and its label bought
   * only if it was not yet, so a retry after a lost answer never pays twice. */
  async createReturn(request: ReturnParcelRequest): Promise<BookedReturn> {
    let shipment = await this.findShipment(request.reference);
    if (!shipment) {
      const created = await this.client.call('POST', '/shipments', {
        origin_address: toEasyshipAddress(request.from),
        destination_address: toEasyshipAddress(request.to),
        order_data: { platform_order_number: request.reference, seller_notes: `Return for order ${request.orderNumber}` },
        parcels: toEasyshipParcels(request.parcels, request.items),
        courier_settings: { courier_service_id: request.service, allow_fallback: false },
        shipping_settings: {
          units: { weight: 'kg', dimensions: 'cm' },
          buy_label: false,
          printing_options: { format: 'pdf', label: '4x6' },
        },
      });
      shipment = asShipment(created.shipment);
    }
    if (!shipment.label_state || shipment.label_state === 'not_created') {
      await this.client.call('POST', '/labels', {
        shipments: [{ easyship_shipment_id: shipment.easyship_shipment_id, courier_service_id: request.service }],
      });
      // Labels are bought asynchronously: the shipment says how far it got.
      return this.getReturn(shipment.easyship_shipment_id);
    }
    return toBookedReturn(shipment);
  }

  async getReturn(remoteId: string): Promise<BookedReturn> {
    return toBookedReturn(await this.shipment(remoteId));
  }

  async findReturn(reference: string): Promise<BookedReturn | null> {
    const shipment = await this.findShipment(reference);
    return shipment ? toBookedReturn(shipment) : null;
  }

  /** Easyship gives one label document per shipment, for all its boxes. */
  async document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument> {
    wholeReturnOnly('easyship', booked, box);
    if (kind === 'qr') return unsupported('label-free QR codes');
    if (format === 'zpl') return unsupported('ZPL labels');
    const shipment = await this.shipment(booked.remoteId);
    if (kind === 'label' && shipment.label_state !== 'generated')
      throw new CarrierError(
        'transient',
        'CARRIER_NOT_READY',
        `easyship label is ${shipment.label_state ?? 'not bought'}, not ready to print`,
      );
    const category = kind === 'label' ? 'label' : 'commercial_invoice';
    const doc = (shipment.shipping_documents ?? []).find((d) => d?.category === category);
    const encoded = doc?.base64_encoded_strings?.filter((s) => typeof s === 'string');
    if (encoded?.length) return { contentType: 'application/pdf', body: Buffer.from(encoded.join(''), 'base64') };
    const url = doc?.url ?? (kind === 'label' ? shipment.label_url : null);
    if (!url)
      throw new CarrierError(
        'rejected',
        'CARRIER_NO_DOCUMENT',
        `easyship has no ${category.replace('_', ' ')} for this shipment`,
      );
    return { contentType: 'application/pdf', body: await this.client.download(url) };
  }

  /** Cancelling the shipment voids its label; Easyship refusing (a label in use) is `not_voidable`. */
  async voidReturn(booked: BookedReturn): Promise<VoidResult> {
    let body: Record<string, unknown>;
    try {
      body = await this.client.call('POST', `/shipments/${encodeURIComponent(booked.remoteId)}/cancel`);
    } catch (err) {
      if (err instanceof CarrierError && err.kind === 'rejected' && (err.status === 400 || err.status === 422))
        return 'not_voidable';
      throw err;
    }
    const shipment = (body.shipment ?? body) as EasyshipShipment;
    if (shipment.shipment_state === 'cancelled' || shipment.label_state === 'voided') return 'voided';
    return 'requested';
  }

  servicePoints = async (): Promise<never> => unsupported('drop-off points');
  pickupSlots = async (): Promise<never> => unsupported('return pickups');
  changePickup = async (): Promise<never> => unsupported('return pickups');

  async track(trackingNumber: string): Promise<TrackingUpdate[]> {
    const body = await this.client.call('GET', `/trackings?tracking_number=${encodeURIComponent(trackingNumber)}`);
    const list = (Array.isArray(body.trackings) ? body.trackings : body.tracking ? [body.tracking] : null) as
      | EasyshipTracking[]
      | null;
    if (!list) throw badAnswer('trackings without a list');
    const tracking = list.find((t) => t?.tracking_number === trackingNumber);
    if (!tracking) throw new CarrierError('rejected', 'CARRIER_NOT_FOUND', `easyship has no tracking ${trackingNumber}`);
    return easyshipUpdates(tracking, trackingNumber, new Date());
  }

  parseWebhook(request: WebhookRequest): WebhookBatch {
    return parseEasyshipWebhook(request, this.credentials.webhookSecret);
  }

  private async shipment(id: string): Promise<EasyshipShipment> {
    const body = await this.client.call('GET', `/shipments/${encodeURIComponent(id)}`);
    return asShipment(body.shipment);
  }

  /**
   * The live shipment booked under a reference (its `platform_order_number`), if any. Easyship's
   * paging (`page`, `per_page`) and whether the list filters on the reference are unconfirmed: the
   * answers are checked here, and pages are read on while the answer names a next page, or, where
   * it says nothing of a next page, until one comes empty (a page smaller than asked for may be
   * Easyship's own cap, not the end). Null only once the list was read to its end: a search that
   * stops before (FIND_PAGES read) throws a transient error, as "not found" would book a second label.
   */
  private async findShipment(reference: string): Promise<EasyshipShipment | null> {
    for (let page = 1; page <= FIND_PAGES; page++) {
      const body = await this.client.call(
        'GET',
        `/shipments?platform_order_number=${encodeURIComponent(reference)}&per_page=${PER_PAGE}&page=${page}`,
      );
      if (!Array.isArray(body.shipments)) throw badAnswer('shipments without a list');
      const found = body.shipments.map(asShipment).find((s) => referenceOf(s) === reference && !isCancelled(s));
      if (found) return found;
      const next = (body.meta as { pagination?: { next?: unknown } } | undefined)?.pagination?.next;
      const more = next === undefined ? body.shipments.length > 0 : Boolean(next);
      if (!more) return null;
    }
    throw new CarrierError(
      'transient',
      'CARRIER_SEARCH_INCOMPLETE',
      `easyship: the shipments were not all read in ${FIND_PAGES} pages; looked for again later`,
    );
  }
}
