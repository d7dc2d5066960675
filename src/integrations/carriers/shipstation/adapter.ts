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
import { wholeReturnOnly } from '../http.js';
import { ShipStationClient } from './client.js';
import {
  asLabel,
  carrierOfLabel,
  money,
  serviceCode,
  splitService,
  toBookedReturn,
  toShipStationAddress,
  toShipStationPackages,
} from './mapping.js';
import { trackingUpdates } from './tracking.js';
import { parseShipStationWebhook } from './webhook.js';

interface ShipStationCarrierAccount {
  carrier_id: string;
  carrier_code?: string;
  friendly_name?: string;
  nickname?: string;
  services?: { service_code: string; name?: string; domestic?: boolean; international?: boolean }[];
}

const unsupported = (what: string): never => {
  throw new CarrierError('unsupported', 'CARRIER_UNSUPPORTED', `shipstation does not offer ${what} for returns`);
};

/**
 * ShipStation API v2 (formerly ShipEngine): printed return labels (`is_return_label`), charged
 * when the carrier scans them, voided while unused, tracked by polling and by RSA-signed webhooks.
 * ShipStation's return labels are domestic only, and it offers no drop-off finder or return pickups.
 */
export class ShipStationCarrier implements CarrierAdapter {
  readonly name = 'shipstation' as const;
  readonly capabilities = CARRIER_CAPABILITIES.shipstation;
  private readonly client: ShipStationClient;

  constructor(readonly credentials: CarrierCredentials) {
    this.client = new ShipStationClient(credentials);
  }

  async testConnection(): Promise<{ account: string | null }> {
    const carriers = await this.carriers();
    return { account: carriers[0]?.nickname ?? carriers[0]?.friendly_name ?? null };
  }

  async services(query: { fromCountry: string; toCountry: string }): Promise<CarrierService[]> {
    // Return labels are domestic only: nothing carries a return across a border.
    if (query.fromCountry.toUpperCase() !== query.toCountry.toUpperCase()) return [];
    return (await this.carriers()).flatMap((c) =>
      (c.services ?? [])
        .filter((s) => s.domestic !== false && typeof s.service_code === 'string')
        .map((s) => ({
          code: serviceCode(c.carrier_id, s.service_code),
          name: s.name ?? s.service_code,
          carrier: c.carrier_code ?? c.carrier_id,
          methods: ['label' as const],
          needsServicePoint: false,
          fromCountries: [query.fromCountry.toUpperCase()],
        })),
    );
  }

  async rates(query: RateQuery): Promise<CarrierRate[]> {
    const wanted = query.services?.map(splitService);
    const carrierIds = wanted?.some((w) => w.carrierId)
      ? [...new Set(wanted.map((w) => w.carrierId).filter((id): id is string => !!id))]
      : (await this.carriers()).map((c) => c.carrier_id);
    const body = (await this.client.call('POST', '/v2/rates', {
      rate_options: { carrier_ids: carrierIds },
      shipment: {
        ship_from: toShipStationAddress(query.from),
        ship_to: toShipStationAddress(query.to),
        packages: toShipStationPackages(query.parcels),
      },
    })) as { rate_response?: { rates?: unknown } };
    const rates = body.rate_response?.rates;
    if (!Array.isArray(rates))
      throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'shipstation answered rates without a rate list');
    const out: CarrierRate[] = [];
    for (const r of rates as Record<string, unknown>[]) {
      const price = money(r.shipping_amount);
      if (!price || typeof r.service_code !== 'string' || typeof r.carrier_id !== 'string') continue;
      const code = serviceCode(r.carrier_id, r.service_code);
      if (wanted && !wanted.some((w) => w.serviceCode === r.service_code && (!w.carrierId || w.carrierId === r.carrier_id)))
        continue;
      // What the label really costs: postage plus the carrier's surcharges and confirmation fee.
      const extras = [money(r.other_amount), money(r.confirmation_amount)].reduce((sum, m) => sum + (m?.amount ?? 0), 0);
      out.push({
        service: code,
        serviceName: typeof r.service_type === 'string' ? r.service_type : r.service_code,
        amount: price.amount + extras,
        currency: price.currency,
        estimatedDays: typeof r.delivery_days === 'number' ? r.delivery_days : null,
      });
    }
    return out;
  }

  async createReturn(request: ReturnParcelRequest): Promise<BookedReturn> {
    const { carrierId, serviceCode: code } = splitService(request.service);
    try {
      const label = await this.client.call('POST', '/v2/labels', {
        is_return_label: true,
        // Charged only when the carrier scans it, so a return never sent costs nothing.
        charge_event: 'on_carrier_acceptance',
        label_format: request.labelFormat,
        label_layout: '4x6',
        label_download_type: 'url',
        shipment: {
          ...(carrierId ? { carrier_id: carrierId } : {}),
          service_code: code,
          external_shipment_id: request.reference,
          ship_from: toShipStationAddress(request.from),
          ship_to: toShipStationAddress(request.to),
          packages: toShipStationPackages(request.parcels, request.reference),
        },
      });
      return toBookedReturn(asLabel(label));
    } catch (err) {
      // The reference is already a shipment: an earlier attempt got through, so that label is the one.
      if (err instanceof CarrierError && err.kind === 'rejected' && err.field?.endsWith('external_shipment_id')) {
        const first = await this.findReturn(request.reference);
        if (first) return first;
      }
      throw err;
    }
  }

  async getReturn(remoteId: string): Promise<BookedReturn> {
    return toBookedReturn(asLabel(await this.client.call('GET', `/v2/labels/${encodeURIComponent(remoteId)}`)));
  }

  async findReturn(reference: string): Promise<BookedReturn | null> {
    const shipment = (await this.client.find(`/v2/shipments/external_shipment_id/${encodeURIComponent(reference)}`)) as {
      shipment_id?: string;
    } | null;
    if (!shipment?.shipment_id) return null;
    const list = (await this.client.call('GET', `/v2/labels?shipment_id=${encodeURIComponent(shipment.shipment_id)}`)) as {
      labels?: unknown;
    };
    if (!Array.isArray(list.labels))
      throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'shipstation listed labels without a list');
    const labels = list.labels.map(asLabel).filter((l) => l.status !== 'voided' && l.status !== 'error');
    return labels[0] ? toBookedReturn(labels[0]) : null;
  }

  /** A ShipStation label is one document for all its packages. */
  async document(booked: BookedReturn, kind: DocumentKind, format: LabelFormat, box?: number): Promise<CarrierDocument> {
    wholeReturnOnly('shipstation', booked, box);
    const label = asLabel(await this.client.call('GET', `/v2/labels/${encodeURIComponent(booked.remoteId)}`));
    if (kind === 'qr') return unsupported('label-free QR codes');
    if (kind === 'customs') {
      const href = label.form_download?.href;
      if (!href) throw new CarrierError('rejected', 'CARRIER_NO_DOCUMENT', 'shipstation has no customs form for this label');
      return { contentType: 'application/pdf', body: await this.client.download(href) };
    }
    if (label.status !== 'completed')
      throw new CarrierError('transient', 'CARRIER_NOT_READY', `shipstation label is ${label.status}, not ready to print`);
    const url = label.label_download?.[format] ?? (format === 'pdf' ? label.label_download?.href : undefined);
    if (!url) throw new CarrierError('rejected', 'CARRIER_NO_DOCUMENT', `shipstation offers no ${format} for this label`);
    const body = await this.client.download(url);
    return { contentType: format === 'zpl' ? 'application/zpl' : 'application/pdf', body };
  }

  async voidReturn(booked: BookedReturn): Promise<VoidResult> {
    const answer = (await this.client.call('PUT', `/v2/labels/${encodeURIComponent(booked.remoteId)}/void`)) as {
      approved?: unknown;
      reason_code?: unknown;
    };
    if (typeof answer.approved !== 'boolean')
      throw new CarrierError(
        'transient',
        'CARRIER_BAD_ANSWER',
        'shipstation answered the void without saying whether it was approved',
      );
    if (answer.approved || answer.reason_code === 'label_already_voided') return 'voided';
    return 'not_voidable';
  }

  servicePoints = async (): Promise<never> => unsupported('drop-off points');
  pickupSlots = async (): Promise<never> => unsupported('pickups');
  changePickup = async (): Promise<never> => unsupported('pickups');

  /** Tracking is read per label: the label is found by its tracking number first. Two carriers may
   * use the same number, so the label of the carrier the booking named is taken where the list
   * has it (a list that does not say a label's carrier gives its first). */
  async track(trackingNumber: string, carrier?: string | null): Promise<TrackingUpdate[]> {
    const list = (await this.client.call('GET', `/v2/labels?tracking_number=${encodeURIComponent(trackingNumber)}`)) as {
      labels?: unknown;
    };
    const labels = Array.isArray(list.labels) ? list.labels.map(asLabel) : [];
    const label = labels.find((l) => carrier && carrierOfLabel(l) === carrier) ?? labels[0] ?? null;
    if (!label)
      throw new CarrierError('rejected', 'CARRIER_NOT_FOUND', `shipstation has no label with tracking number ${trackingNumber}`);
    const info = await this.client.call('GET', `/v2/labels/${encodeURIComponent(label.label_id)}/track`);
    return trackingUpdates(info, trackingNumber, new Date());
  }

  parseWebhook(request: WebhookRequest): WebhookBatch {
    return parseShipStationWebhook(request, this.credentials.webhookSecret);
  }

  private async carriers(): Promise<ShipStationCarrierAccount[]> {
    const body = (await this.client.call('GET', '/v2/carriers')) as { carriers?: unknown };
    if (!Array.isArray(body.carriers))
      throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'shipstation listed carriers without a list');
    return body.carriers.filter(
      (c): c is ShipStationCarrierAccount => !!c && typeof (c as ShipStationCarrierAccount).carrier_id === 'string',
    );
  }
}
