import { createHmac, randomUUID } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { CarrierCredentials } from '../../../src/app/logistics/carriers/port.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from './fakeServer.js';

/** A shipment as the fake Easyship keeps it; tests read and drive it. */
export interface FakeEasyshipShipment {
  easyship_shipment_id: string;
  platform_order_number: string | null;
  courier_service_id: string;
  label_state: 'not_created' | 'pending' | 'generated' | 'failed' | 'voided';
  shipment_state: 'created' | 'cancelled';
  tracking_number: string | null;
  /** Tracking status in Easyship's words ("In Transit to Customer") and its checkpoints. */
  status: string;
  checkpoints: { checkpoint_time: string; message: string; primary_status: string; location: string }[];
  request: Record<string, unknown>;
}

const V = '/2024-09';
const SERVICES = [
  { id: 'cs-dhl-express', name: 'DHL Express Worldwide', umbrella_name: 'DHL', price: 18.5, days: 3 },
  { id: 'cs-postnl-standard', name: 'PostNL Standard', umbrella_name: 'PostNL', price: 6.95, days: 2 },
];
const ADDRESS_FIELDS = ['contact_name', 'line_1', 'city', 'postal_code', 'country_alpha2'] as const;

/** Easyship's error envelope. */
export const easyshipError = (status: number, code: string, message: string, details: unknown[] = []): FakeAnswer => ({
  status,
  body: {
    error: {
      type: status >= 500 ? 'api_error' : 'invalid_request_error',
      code,
      message,
      details,
      request_id: randomUUID(),
      links: [],
    },
  },
});
const notFound = () => easyshipError(404, 'resource_not_found', 'The requested resource was not found.');
const invalid = (detail: string) => easyshipError(422, 'invalid_content', 'The request body content is not valid.', [detail]);

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function labelPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: [288, 432], margin: 18 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(14).text('EASYSHIP RETURN').fontSize(10).text(text);
  doc.end();
  return done;
}

/**
 * Easyship's API 2024-09 as a local server: Bearer token check, account, courier services, rates,
 * shipments (found by `platform_order_number`), label purchase (generated at once, or pending until
 * `generate`), label PDFs, cancellation, trackings with checkpoints, and webhook deliveries signed
 * with a JWT (HS256, the webhook's secret) in `X-EASYSHIP-SIGNATURE`.
 */
export class FakeEasyship extends FakeHttpServer {
  readonly token = 'sand_easyship_token';
  readonly webhookSecret = 'webh_fake_secret_0123456789';
  readonly shipments = new Map<string, FakeEasyshipShipment>();
  /** When set, bought labels stay `pending` until `generate` is called. */
  asyncLabels = false;
  /** The most shipments a list page holds, whatever `per_page` asks for. */
  maxPerPage = 100;
  /** Whether the shipment list honours `platform_order_number` (unconfirmed of the real API). */
  filtersByReference = true;
  /** Whether a list page says whether there is a next (`meta.pagination.next`); unconfirmed too. */
  saysNextPage = true;
  private counter = 0;

  constructor() {
    super();
    this.authenticate = (req) =>
      req.headers.authorization === `Bearer ${this.token}` ? null : easyshipError(401, 'invalid_token', 'Token is invalid.');
    this.route('GET', `${V}/account`, () => ({
      status: 200,
      body: { account: { company_name: 'Retour Test Shop', country_alpha2: 'NL' } },
    }));
    this.route('GET', `${V}/courier_services`, () => ({
      status: 200,
      body: {
        courier_services: SERVICES.map(({ id, name, umbrella_name }) => ({ id, name, umbrella_name })),
        meta: { pagination: { page: 1, next: null } },
      },
    }));
    this.route('POST', `${V}/rates`, (req) => this.rates(req));
    this.route('POST', `${V}/shipments`, (req) => this.createShipment(req));
    this.route('GET', `${V}/shipments`, (req) => this.listShipments(req));
    this.route('GET', `${V}/shipments/:id`, (_, p) =>
      this.with(p.id, (s) => ({ status: 200, body: { shipment: this.json(s) } })),
    );
    this.route('POST', `${V}/shipments/:id/cancel`, (_, p) => this.with(p.id, (s) => this.cancel(s)));
    this.route('POST', `${V}/labels`, (req) => this.buyLabels(req));
    this.route('GET', `${V}/trackings`, (req) => this.trackings(req));
    this.route('GET', '/files/:id/label.pdf', (_, p) =>
      this.with(p.id, async (s) => ({
        status: 200,
        raw: await labelPdf(`${s.easyship_shipment_id} ${s.tracking_number}`),
        headers: { 'content-type': 'application/pdf' },
      })),
    );
  }

  credentials(): CarrierCredentials {
    return { apiKey: this.token, webhookSecret: this.webhookSecret, baseUrl: this.url };
  }

  /** A pending label is generated now. */
  generate(id: string): void {
    const s = this.shipments.get(id);
    if (s?.label_state === 'pending') this.generated(s);
  }

  /** The courier scans the parcel: its tracking moves to `status`. */
  move(trackingNumber: string, status: string, at = new Date()): FakeEasyshipShipment {
    const s = [...this.shipments.values()].find((x) => x.tracking_number === trackingNumber);
    if (!s) throw new Error(`no shipment with tracking number ${trackingNumber}`);
    s.status = status;
    s.checkpoints.push({ checkpoint_time: at.toISOString(), message: status, primary_status: status, location: 'Amsterdam, NL' });
    return s;
  }

  /** A signed `shipment.tracking.status.changed` delivery, as Easyship posts it; the JWT is issued at `at`. */
  trackWebhook(trackingNumber: string, status: string, at = new Date()): { body: string; headers: Record<string, string> } {
    const s = [...this.shipments.values()].find((x) => x.tracking_number === trackingNumber);
    const id = s?.easyship_shipment_id ?? 'ESNL000000';
    const body = JSON.stringify({
      event_type: 'shipment.tracking.status.changed',
      resource_type: 'shipment',
      resource_id: id,
      tracking_status: {
        easyship_shipment_id: id,
        platform_order_number: s?.platform_order_number ?? null,
        status,
        tracking_number: trackingNumber,
        tracking_page_url: `https://www.trackmyshipment.co/shipment-tracking/${id}`,
      },
    });
    return {
      body,
      headers: { 'content-type': 'application/json', 'x-easyship-signature': this.jwt({ iat: Math.floor(at.getTime() / 1000) }) },
    };
  }

  /** The token Easyship puts in `X-EASYSHIP-SIGNATURE` (a test may sign what it likes). */
  jwt(claims: Record<string, unknown> = {}, secret = this.webhookSecret): string {
    const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ easyship_company_id: 'CNL1234', ...claims })}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  }

  private with(id: string | undefined, then: (s: FakeEasyshipShipment) => FakeAnswer | Promise<FakeAnswer>) {
    const s = id ? this.shipments.get(id) : undefined;
    return s ? then(s) : notFound();
  }

  private addressError(address: unknown, where: string): FakeAnswer | null {
    const a = (address ?? {}) as Record<string, unknown>;
    const missing = ADDRESS_FIELDS.find((f) => typeof a[f] !== 'string' || a[f] === '');
    return missing ? invalid(`${where}.${missing} is missing`) : null;
  }

  private rates(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bad =
      this.addressError(body.origin_address, 'origin_address') ??
      this.addressError(body.destination_address, 'destination_address');
    if (bad) return bad;
    return {
      status: 200,
      body: {
        rates: SERVICES.map((c) => ({
          courier_service: { id: c.id, name: c.name, umbrella_name: c.umbrella_name },
          total_charge: c.price,
          currency: 'EUR',
          min_delivery_time: c.days - 1,
          max_delivery_time: c.days,
        })),
      },
    };
  }

  private createShipment(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const bad =
      this.addressError(body.origin_address, 'origin_address') ??
      this.addressError(body.destination_address, 'destination_address');
    if (bad) return bad;
    const parcels = body.parcels as { total_actual_weight?: number; items?: unknown[] }[] | undefined;
    if (!Array.isArray(parcels) || !parcels.length || !parcels[0]?.items?.length) return invalid('parcels.items is missing');
    if (parcels.some((p) => !p.total_actual_weight)) return invalid('parcels.total_actual_weight is missing');
    const serviceId = (body.courier_settings as { courier_service_id?: string } | undefined)?.courier_service_id ?? '';
    if (serviceId && !SERVICES.some((c) => c.id === serviceId))
      return invalid('courier_settings.courier_service_id is not valid');
    const orderData = (body.order_data ?? {}) as { platform_order_number?: string };
    const n = ++this.counter;
    const s: FakeEasyshipShipment = {
      easyship_shipment_id: `ESNL${String(10000 + n)}`,
      platform_order_number: orderData.platform_order_number ?? (body.platform_order_number as string | undefined) ?? null,
      courier_service_id: serviceId || (SERVICES[0]?.id ?? ''),
      label_state: 'not_created',
      shipment_state: 'created',
      tracking_number: null,
      status: 'Label Created',
      checkpoints: [],
      request: body,
    };
    this.shipments.set(s.easyship_shipment_id, s);
    return { status: 201, body: { shipment: this.json(s), meta: { request_id: randomUUID() } } };
  }

  private listShipments(req: SeenRequest): FakeAnswer {
    const ref = this.filtersByReference ? req.query.get('platform_order_number') : null;
    const list = [...this.shipments.values()].filter((s) => !ref || s.platform_order_number === ref);
    const perPage = Math.min(Number(req.query.get('per_page') ?? 20) || 20, this.maxPerPage);
    const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
    const shown = list.slice((page - 1) * perPage, page * perPage);
    const next = page * perPage < list.length ? page + 1 : null;
    const meta = this.saysNextPage ? { meta: { pagination: { page, next } } } : {};
    return { status: 200, body: { shipments: shown.map((s) => this.json(s)), ...meta } };
  }

  private buyLabels(req: SeenRequest): FakeAnswer {
    const wanted = ((req.body ?? {}) as { shipments?: { easyship_shipment_id?: string }[] }).shipments;
    if (!Array.isArray(wanted) || !wanted.length) return invalid('shipments is missing');
    const labels = [];
    for (const w of wanted) {
      const s = w.easyship_shipment_id ? this.shipments.get(w.easyship_shipment_id) : undefined;
      if (!s) return notFound();
      if (s.label_state !== 'not_created')
        return invalid(`shipments.easyship_shipment_id ${s.easyship_shipment_id} already has a label`);
      s.label_state = 'pending';
      if (!this.asyncLabels) this.generated(s);
      labels.push({ easyship_shipment_id: s.easyship_shipment_id, label_state: s.label_state, status: 'success' });
    }
    return { status: 200, body: { labels } };
  }

  private generated(s: FakeEasyshipShipment) {
    s.label_state = 'generated';
    s.tracking_number = `3SRTR${String(s.easyship_shipment_id.slice(4)).padStart(10, '0')}`;
  }

  private cancel(s: FakeEasyshipShipment): FakeAnswer {
    if (s.checkpoints.length) return invalid('The shipment is already on its way and cannot be cancelled');
    s.shipment_state = 'cancelled';
    if (s.label_state === 'generated') s.label_state = 'voided';
    return { status: 200, body: { shipment: this.json(s) } };
  }

  private trackings(req: SeenRequest): FakeAnswer {
    const tn = req.query.get('tracking_number');
    const list = [...this.shipments.values()].filter((s) => s.tracking_number && (!tn || s.tracking_number === tn));
    return {
      status: 200,
      body: {
        trackings: list.map((s) => ({
          easyship_shipment_id: s.easyship_shipment_id,
          tracking_number: s.tracking_number,
          status: s.status,
          checkpoints: s.checkpoints,
        })),
      },
    };
  }

  private json(s: FakeEasyshipShipment) {
    const service = SERVICES.find((c) => c.id === s.courier_service_id);
    const ready = s.label_state === 'generated';
    return {
      easyship_shipment_id: s.easyship_shipment_id,
      order_data: { platform_order_number: s.platform_order_number },
      label_state: s.label_state,
      shipment_state: s.shipment_state,
      courier_service: service ? { id: service.id, name: service.name, umbrella_name: service.umbrella_name } : null,
      rates: service ? [{ total_charge: service.price, currency: 'EUR' }] : [],
      trackings: s.tracking_number ? [{ tracking_number: s.tracking_number, leg_number: 1, tracking_state: 'active' }] : [],
      tracking_page_url: `https://www.trackmyshipment.co/shipment-tracking/${s.easyship_shipment_id}`,
      shipping_documents: ready
        ? [{ category: 'label', format: 'url', url: `${this.url}/files/${s.easyship_shipment_id}/label.pdf`, page_size: '4x6' }]
        : [],
    };
  }
}
