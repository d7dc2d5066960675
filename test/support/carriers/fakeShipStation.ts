import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { CarrierCredentials } from '../../../src/app/logistics/carriers/port.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from './fakeServer.js';

/** A label as the fake ShipStation keeps it; tests read and drive it. */
export interface FakeShipStationLabel {
  label_id: string;
  shipment_id: string;
  external_shipment_id: string | null;
  status: 'processing' | 'completed' | 'error' | 'voided';
  is_return_label: boolean;
  charge_event: string;
  label_format: 'pdf' | 'zpl';
  carrier_id: string;
  service_code: string;
  tracking_number: string;
  /** Tracking status code (UN, AC, IT, DE, EX, AT, NY, SP) and the events so far. */
  trackingStatus: string;
  events: { occurred_at: string; status_code: string; description: string; city_locality: string }[];
  request: Record<string, unknown>;
}

const CARRIERS = [
  {
    carrier_id: 'se-1001',
    carrier_code: 'stamps_com',
    friendly_name: 'Stamps.com',
    nickname: 'Retour test account',
    services: [
      { service_code: 'usps_ground_advantage', name: 'USPS Ground Advantage', domestic: true, international: false },
      { service_code: 'usps_priority_mail', name: 'USPS Priority Mail', domestic: true, international: false },
    ],
  },
  {
    carrier_id: 'se-2002',
    carrier_code: 'ups',
    friendly_name: 'UPS',
    nickname: null,
    services: [{ service_code: 'ups_ground', name: 'UPS® Ground', domestic: true, international: false }],
  },
];

const PRICES: Record<string, number> = { usps_ground_advantage: 6.85, usps_priority_mail: 9.4, ups_ground: 12.1 };
const ADDRESS_FIELDS = ['name', 'address_line1', 'city_locality', 'postal_code', 'country_code'] as const;

/** ShipStation's error envelope. */
export const shipStationError = (
  status: number,
  error_type: string,
  error_code: string,
  message: string,
  field_name?: string,
): FakeAnswer => ({
  status,
  body: {
    request_id: randomUUID(),
    errors: [{ error_source: 'shipstation', error_type, error_code, message, ...(field_name ? { field_name } : {}) }],
  },
});

const notFound = (what: string) => shipStationError(404, 'system', 'not_found', `${what} not found`);

/** A small real PDF, as ShipStation's label downloads are. */
function labelPdf(trackingNumber: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [288, 432], margin: 18 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text('RETURN LABEL').fontSize(10).text(`Tracking ${trackingNumber}`);
  doc.end();
  return done;
}

/**
 * ShipStation API v2 as a local server: `API-Key` check, carriers with services, rates, return
 * labels (processing → completed, or completed at once), label downloads as PDF or ZPL, voids,
 * shipments by external id, tracking, and RSA-SHA256 signed `API_TRACK` webhook deliveries.
 */
export class FakeShipStation extends FakeHttpServer {
  readonly apiKey = 'TEST_shipstation_key';
  readonly labels = new Map<string, FakeShipStationLabel>();
  /** When set, new labels stay `processing` until `complete` is called. */
  asyncLabels = false;
  readonly keyId = 'shipstation-webhook-key-1';
  private readonly keys: { publicKey: KeyObject; privateKey: KeyObject };
  private counter = 0;

  constructor() {
    super();
    this.keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.authenticate = (req) =>
      req.headers['api-key'] === this.apiKey
        ? null
        : shipStationError(
            401,
            'security',
            'unauthorized',
            'The API key is invalid. Please see https://www.shipengine.com/docs/auth',
          );
    this.route('GET', '/v2/carriers', () => ({
      status: 200,
      body: { carriers: CARRIERS, request_id: randomUUID(), errors: [] },
    }));
    this.route('POST', '/v2/rates', (req) => this.rates(req));
    this.route('POST', '/v2/labels', (req) => this.createLabel(req));
    this.route('GET', '/v2/labels', (req) => this.listLabels(req));
    this.route('GET', '/v2/labels/:id', (_, p) => this.withLabel(p.id, (l) => ({ status: 200, body: this.labelJson(l) })));
    this.route('PUT', '/v2/labels/:id/void', (_, p) => this.withLabel(p.id, (l) => this.voidLabel(l)));
    this.route('GET', '/v2/labels/:id/track', (_, p) => this.withLabel(p.id, (l) => ({ status: 200, body: this.trackJson(l) })));
    this.route('GET', '/v2/shipments/external_shipment_id/:ref', (_, p) => {
      const label = [...this.labels.values()].find((l) => l.external_shipment_id === p.ref);
      return label
        ? { status: 200, body: { shipment_id: label.shipment_id, external_shipment_id: p.ref } }
        : notFound('Shipment');
    });
    this.route('GET', '/v2/downloads/:id/:file', (_, p) => this.withLabel(p.id, (l) => this.download(l, p.file ?? '')));
  }

  /** Credentials that work against this fake; the webhook "secret" is the public key to verify with. */
  credentials(): CarrierCredentials {
    return {
      apiKey: this.apiKey,
      webhookSecret: this.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      baseUrl: this.url,
    };
  }

  /** A processing label is ready now. */
  complete(labelId: string): void {
    const label = this.labels.get(labelId);
    if (label?.status === 'processing') label.status = 'completed';
  }

  /** The carrier scans the parcel: its tracking moves to `statusCode`. */
  move(trackingNumber: string, statusCode: string, at = new Date()): FakeShipStationLabel {
    const label = [...this.labels.values()].find((l) => l.tracking_number === trackingNumber);
    if (!label) throw new Error(`no label with tracking number ${trackingNumber}`);
    label.trackingStatus = statusCode;
    label.events.push({
      occurred_at: at.toISOString(),
      status_code: statusCode,
      description: `Status ${statusCode}`,
      city_locality: 'Austin',
    });
    return label;
  }

  /** A signed `API_TRACK` delivery, exactly as ShipStation posts it (signature over `timestamp.body`). */
  trackWebhook(trackingNumber: string, statusCode: string, at = new Date()): { body: string; headers: Record<string, string> } {
    const label = [...this.labels.values()].find((l) => l.tracking_number === trackingNumber);
    const event = {
      occurred_at: at.toISOString(),
      status_code: statusCode,
      description: `Status ${statusCode}`,
      city_locality: 'Austin',
    };
    const data = label
      ? { ...this.trackJson(label), status_code: statusCode, events: [...label.events, event] }
      : { tracking_number: trackingNumber, status_code: statusCode, status_description: `Status ${statusCode}`, events: [event] };
    const body = JSON.stringify({ resource_url: `${this.url}/v2/labels/track`, resource_type: 'API_TRACK', data });
    return { body, headers: this.signedHeaders(body) };
  }

  /** The signature headers of a delivery of `body` (a test may sign what it likes, at any time,
   * over `timestamp.body` as the guide says or over the body alone). */
  signedHeaders(
    body: string,
    timestamp = new Date().toISOString(),
    over: 'timestamp.body' | 'body' = 'timestamp.body',
  ): Record<string, string> {
    const message = over === 'body' ? body : `${timestamp}.${body}`;
    const signature = sign('sha256', Buffer.from(message), this.keys.privateKey).toString('base64');
    return {
      'content-type': 'application/json',
      'x-shipengine-rsa-sha256-key-id': this.keyId,
      'x-shipengine-rsa-sha256-signature': signature,
      'x-shipengine-timestamp': timestamp,
    };
  }

  /** The public key as ShipStation publishes its keys: a JWKS document. */
  jwks(): string {
    return JSON.stringify({
      keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.keyId, use: 'sig', alg: 'RS256' }],
    });
  }

  private withLabel(id: string | undefined, then: (label: FakeShipStationLabel) => FakeAnswer | Promise<FakeAnswer>) {
    const label = id ? this.labels.get(id) : undefined;
    return label ? then(label) : notFound('Label');
  }

  private addressError(address: unknown, where: string): FakeAnswer | null {
    const a = (address ?? {}) as Record<string, unknown>;
    const missing = ADDRESS_FIELDS.find((f) => typeof a[f] !== 'string' || a[f] === '');
    return missing
      ? shipStationError(400, 'validation', 'field_value_required', `${where}.${missing} is required`, `${where}.${missing}`)
      : null;
  }

  private rates(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as { shipment?: Record<string, unknown>; rate_options?: { carrier_ids?: string[] } };
    const ids = body.rate_options?.carrier_ids;
    if (!Array.isArray(ids) || !ids.length)
      return shipStationError(
        400,
        'validation',
        'field_value_required',
        'rate_options.carrier_ids is required',
        'rate_options.carrier_ids',
      );
    const bad =
      this.addressError(body.shipment?.ship_from, 'shipment.ship_from') ??
      this.addressError(body.shipment?.ship_to, 'shipment.ship_to');
    if (bad) return bad;
    const rates = CARRIERS.filter((c) => ids.includes(c.carrier_id)).flatMap((c) =>
      c.services.map((s) => ({
        rate_id: `se-rate-${s.service_code}`,
        carrier_id: c.carrier_id,
        service_code: s.service_code,
        service_type: s.name,
        shipping_amount: { currency: 'usd', amount: PRICES[s.service_code] ?? 10 },
        other_amount: { currency: 'usd', amount: 0.5 },
        confirmation_amount: { currency: 'usd', amount: 0 },
        delivery_days: s.service_code === 'usps_priority_mail' ? 2 : 5,
      })),
    );
    return { status: 200, body: { rate_response: { rates, invalid_rates: [], status: 'completed', errors: [] } } };
  }

  private createLabel(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const shipment = (body.shipment ?? {}) as Record<string, unknown>;
    const required = (field: string) =>
      shipStationError(400, 'validation', 'field_value_required', `${field} is required`, field);
    if (typeof shipment.service_code !== 'string') return required('shipment.service_code');
    const service = CARRIERS.flatMap((c) => c.services.map((s) => ({ c, s }))).find(
      ({ c, s }) => s.service_code === shipment.service_code && (!shipment.carrier_id || c.carrier_id === shipment.carrier_id),
    );
    if (!service)
      return shipStationError(
        400,
        'validation',
        'invalid_field_value',
        `Invalid service_code ${shipment.service_code}`,
        'shipment.service_code',
      );
    if (body.is_return_label === true && typeof body.charge_event !== 'string') return required('charge_event');
    const bad =
      this.addressError(shipment.ship_from, 'shipment.ship_from') ?? this.addressError(shipment.ship_to, 'shipment.ship_to');
    if (bad) return bad;
    const packages = shipment.packages as { weight?: { value?: number } }[] | undefined;
    if (!Array.isArray(packages) || !packages.length || packages.some((p) => !p.weight?.value))
      return required('shipment.packages.weight');
    const external = typeof shipment.external_shipment_id === 'string' ? shipment.external_shipment_id : null;
    if (external && [...this.labels.values()].some((l) => l.external_shipment_id === external))
      return shipStationError(
        400,
        'validation',
        'invalid_field_value',
        `A shipment with external_shipment_id ${external} already exists`,
        'external_shipment_id',
      );
    const n = ++this.counter;
    const label: FakeShipStationLabel = {
      label_id: `se-${1000 + n}`,
      shipment_id: `se-shp-${1000 + n}`,
      external_shipment_id: external,
      status: this.asyncLabels ? 'processing' : 'completed',
      is_return_label: body.is_return_label === true,
      charge_event: String(body.charge_event ?? 'carrier_default'),
      label_format: body.label_format === 'zpl' ? 'zpl' : 'pdf',
      carrier_id: service.c.carrier_id,
      service_code: service.s.service_code,
      tracking_number: `9400${String(n).padStart(18, '0')}`,
      trackingStatus: 'NY',
      events: [],
      request: body,
    };
    this.labels.set(label.label_id, label);
    return { status: 200, body: this.labelJson(label) };
  }

  private listLabels(req: SeenRequest): FakeAnswer {
    const shipmentId = req.query.get('shipment_id');
    const tracking = req.query.get('tracking_number');
    const labels = [...this.labels.values()].filter(
      (l) => (!shipmentId || l.shipment_id === shipmentId) && (!tracking || l.tracking_number === tracking),
    );
    return { status: 200, body: { labels: labels.map((l) => this.labelJson(l)), total: labels.length, page: 1, pages: 1 } };
  }

  private voidLabel(label: FakeShipStationLabel): FakeAnswer {
    if (label.status === 'voided')
      return { status: 200, body: { approved: false, message: 'Label already voided', reason_code: 'label_already_voided' } };
    if (label.trackingStatus !== 'NY' && label.trackingStatus !== 'UN')
      return { status: 200, body: { approved: false, message: 'The label has been used', reason_code: 'label_already_used' } };
    label.status = 'voided';
    return {
      status: 200,
      body: { approved: true, message: 'Request for refund submitted.', voided_label_ids: [label.label_id] },
    };
  }

  private async download(label: FakeShipStationLabel, file: string): Promise<FakeAnswer> {
    if (file === 'label.zpl')
      return {
        status: 200,
        raw: Buffer.from(`^XA^FO50,50^A0N,40^FDRETURN ${label.tracking_number}^FS^XZ`),
        headers: { 'content-type': 'text/plain' },
      };
    if (file === 'label.pdf')
      return { status: 200, raw: await labelPdf(label.tracking_number), headers: { 'content-type': 'application/pdf' } };
    return notFound('Download');
  }

  private labelJson(l: FakeShipStationLabel) {
    const ready = l.status === 'completed' || l.status === 'voided';
    const dl = (ext: string) => (ready ? `${this.url}/v2/downloads/${l.label_id}/label.${ext}` : null);
    return {
      label_id: l.label_id,
      status: l.status,
      shipment_id: l.shipment_id,
      external_shipment_id: l.external_shipment_id,
      is_return_label: l.is_return_label,
      charge_event: l.charge_event,
      label_format: l.label_format,
      carrier_id: l.carrier_id,
      carrier_code: CARRIERS.find((c) => c.carrier_id === l.carrier_id)?.carrier_code ?? null,
      service_code: l.service_code,
      tracking_number: ready ? l.tracking_number : null,
      shipment_cost: { currency: 'usd', amount: PRICES[l.service_code] ?? 10 },
      voided: l.status === 'voided',
      label_download: ready ? { pdf: dl('pdf'), zpl: dl('zpl'), href: dl(l.label_format) } : null,
      packages: [{ package_id: Number(l.label_id.slice(3)), tracking_number: ready ? l.tracking_number : null }],
    };
  }

  private trackJson(l: FakeShipStationLabel) {
    return {
      tracking_number: l.tracking_number,
      status_code: l.trackingStatus,
      status_description: `Status ${l.trackingStatus}`,
      carrier_status_code: l.trackingStatus,
      exception_description: null,
      events: l.events,
    };
  }
}
