import { createHmac } from 'node:crypto';
import type { CarrierCredentials } from '../../../src/app/logistics/carriers/port.js';
import { EU_CUSTOMS_UNION } from '../../../src/domain/carriers.js';
import { documentAnswer, servicePointsAnswer, trackingAnswer } from './fakeSendcloudAnswers.js';
import {
  type FakeServicePoint,
  type FakeShippingOption,
  SENDCLOUD_STATUSES,
  SHIPPING_OPTIONS,
  seedServicePoints,
  v3Error,
} from './fakeSendcloudData.js';

export { v3Error } from './fakeSendcloudData.js';

import { type FakeAnswer, FakeHttpServer, type SeenRequest } from './fakeServer.js';

type Json = Record<string, unknown>;

/** A return as the fake's `GET /api/v3/returns/{id}` answers it (Sendcloud's field names). */
export interface FakeSendcloudReturn extends Json {
  id: number;
  external_reference: string | null;
  order_number: string | null;
  from_address: Json;
  to_address: Json;
  ship_with: Json;
  shipping_option: { code: string };
  weight: Json;
  collo_count: number;
  parcel_items: Json[];
  delivery_option: string | null;
  parcel_id: number;
  multi_collo_ids: number[];
  tracking_number: string | null;
  tracking_url: string | null;
  label_cost: { value: string; currency: string } | null;
  is_cancellable: boolean;
  status: string;
  status_history: {
    carrier_update_timestamp: string;
    parcel_status_history_id: number;
    parent_status: string;
    carrier_code: string;
    carrier_message: string;
  }[];
  created_at: string;
  errors: Json[];
}

/** One box of a return (a Sendcloud parcel), with its history of statuses. */
export interface FakeSendcloudParcel {
  id: number;
  returnId: number | null;
  colloNr: number;
  trackingNumber: string | null;
  carrier: string;
  history: { parent: string; at: Date }[];
}

export interface FakePickup {
  id: number;
  status: string;
  carrier_code: string;
  address: Json;
  time_slots: { start_at: string; end_at: string }[];
  items: Json[];
  reference: string | null;
}

const EU = [...EU_CUSTOMS_UNION];
const iso = (d: Date) => d.toISOString();

/**
 * A local Sendcloud over HTTP, as its documentation describes: Basic auth with the public and secret
 * key (a wrong pair gets the v3/v2 401 bodies); v3 returns created and announced asynchronously
 * (`tracking_number` null until announced: at once by default, or on `announce(id)` with
 * `{ announce: 'manual' }`); the v3 error envelope naming the field at fault (`parcel_items` for a
 * return from outside the EU); unique external references; documents as real PDFs, ZPL and PNG QR
 * codes; service points; shipping options with quotes; pickups; tracking; and signed
 * `parcel_status_changed` deliveries built by `statusWebhook`.
 */
export class FakeSendcloud extends FakeHttpServer {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly returns = new Map<number, FakeSendcloudReturn>();
  readonly parcels = new Map<number, FakeSendcloudParcel>();
  readonly pickups = new Map<number, FakePickup>();
  readonly servicePoints: FakeServicePoint[] = seedServicePoints();
  readonly shippingOptions: FakeShippingOption[] = SHIPPING_OPTIONS.map((o) => ({ ...o }));
  /** The carrier's clock for pickups ("in the future", "too late to cancel"): a test with a fixed
   * clock sets it to that clock, so the windows Retour offers and the carrier agree. */
  now: () => Date = () => new Date();
  private readonly announceMode: 'immediately' | 'manual';
  private nextId = 600_000_000;
  private nextTracking = 10_000_000;

  constructor(options: { publicKey?: string; secretKey?: string; announce?: 'immediately' | 'manual' } = {}) {
    super();
    this.publicKey = options.publicKey ?? 'sc-public-key';
    this.secretKey = options.secretKey ?? 'sc-secret-key';
    this.announceMode = options.announce ?? 'immediately';
    this.authenticate = (req) => this.checkAuth(req);
    this.addRoutes();
  }

  credentials(): CarrierCredentials {
    return { apiKey: this.publicKey, apiSecret: this.secretKey, baseUrl: this.url };
  }

  /** The carrier accepted the return: every box gets its tracking number and the label its cost. */
  announce(id: number | string): FakeSendcloudReturn {
    const ret = this.mustFind(id);
    if (ret.tracking_number) return ret;
    const boxes = [ret.parcel_id, ...ret.multi_collo_ids.filter((p) => p !== ret.parcel_id)];
    for (const pid of boxes) {
      const parcel = this.parcels.get(pid);
      if (!parcel) continue;
      parcel.trackingNumber = `3SSEND${this.nextTracking++}`;
      this.record(parcel, 'announced', new Date());
    }
    const first = this.parcels.get(ret.parcel_id);
    ret.tracking_number = first?.trackingNumber ?? null;
    ret.tracking_url = ret.tracking_number ? `https://tracking.sendcloud.sc/forward?code=${ret.tracking_number}` : null;
    const option = this.shippingOptions.find((o) => o.code === ret.shipping_option.code);
    ret.label_cost = { value: (Number(option?.price ?? '0') * ret.collo_count).toFixed(2), currency: 'EUR' };
    ret.status = 'open';
    return ret;
  }

  /** The carrier refused the announcement (a bad address it only checks itself). */
  failAnnouncement(id: number | string, message: string): void {
    const ret = this.mustFind(id);
    const parcel = this.parcels.get(ret.parcel_id);
    if (parcel) this.record(parcel, 'announcement-failed', new Date());
    ret.errors = [{ code: 'parcel_announcement_error', detail: message }];
    ret.is_cancellable = false;
  }

  /** Moves the parcel with this tracking number to a parent status (what the carrier scanned). */
  setStatus(trackingNumber: string, parentStatus: string, at = new Date()): FakeSendcloudParcel | null {
    if (!SENDCLOUD_STATUSES[parentStatus]) throw new Error(`fake sendcloud: no parent status ${parentStatus}`);
    const parcel = [...this.parcels.values()].find((p) => p.trackingNumber === trackingNumber) ?? null;
    if (parcel) this.record(parcel, parentStatus, at);
    return parcel;
  }

  /**
   * A signed `parcel_status_changed` delivery, as Sendcloud posts it to the integration's webhook
   * URL: the parcel (v2 body, with its numeric status and the parent status) and unix timestamps,
   * signed with the secret key. A parcel the fake knows moves to the status too.
   */
  statusWebhook(
    trackingNumber: string,
    parentStatus: string,
    at = new Date(),
  ): { body: string; headers: Record<string, string> } {
    const parcel = this.setStatus(trackingNumber, parentStatus, at);
    const status = SENDCLOUD_STATUSES[parentStatus] as { id: number; message: string };
    const ret = parcel?.returnId ? this.returns.get(parcel.returnId) : undefined;
    const payload = {
      action: 'parcel_status_changed',
      timestamp: Math.floor(at.getTime() / 1000),
      carrier_status_change_timestamp: Math.floor(at.getTime() / 1000),
      parcel: {
        id: parcel?.id ?? this.nextId++,
        name: ret?.to_address.name ?? 'Warehouse',
        tracking_number: trackingNumber,
        status: { id: status.id, message: status.message },
        parent_status: parentStatus,
        is_return: true,
        order_number: ret?.order_number ?? '',
        external_reference: ret?.external_reference ?? null,
        carrier: { code: parcel?.carrier ?? 'postnl' },
        colli_uuid: null,
        collo_nr: parcel?.colloNr ?? 0,
        collo_count: ret?.collo_count ?? 1,
      },
    };
    const body = JSON.stringify(payload);
    return { body, headers: this.signedHeaders(body) };
  }

  /** Headers of a delivery of `body` signed with a key (the fake's secret key unless told). */
  signedHeaders(body: string, key = this.secretKey): Record<string, string> {
    return {
      'content-type': 'application/json',
      'sendcloud-signature': createHmac('sha256', key).update(body).digest('hex'),
    };
  }

  /** Queues Sendcloud's 429 with a Retry-After. */
  rateLimitNext(retryAfterSeconds: number, path?: RegExp): void {
    this.failNext({
      status: 429,
      body: { errors: [{ status: '429', code: 'throttled', title: 'Too many requests', detail: 'Request was throttled.' }] },
      headers: { 'retry-after': String(retryAfterSeconds) },
      path,
    });
  }

  private mustFind(id: number | string): FakeSendcloudReturn {
    const ret = this.returns.get(Number(id));
    if (!ret) throw new Error(`fake sendcloud: no return ${id}`);
    return ret;
  }

  private record(parcel: FakeSendcloudParcel, parent: string, at: Date) {
    parcel.history.push({ parent, at });
    const ret = parcel.returnId ? this.returns.get(parcel.returnId) : undefined;
    if (!ret || ret.parcel_id !== parcel.id) return;
    const status = SENDCLOUD_STATUSES[parent];
    ret.status_history.push({
      carrier_update_timestamp: iso(at),
      parcel_status_history_id: this.nextId++,
      parent_status: parent,
      carrier_code: String(status?.id ?? ''),
      carrier_message: status?.message ?? parent,
    });
    ret.is_cancellable = ['announcing', 'announced', 'ready-to-send', 'announced-uncollected', 'no-label'].includes(parent);
  }

  private checkAuth(req: SeenRequest): FakeAnswer | null {
    const expected = `Basic ${Buffer.from(`${this.publicKey}:${this.secretKey}`).toString('base64')}`;
    if (req.headers.authorization === expected) return null;
    if (req.path.startsWith('/api/v2/'))
      return { status: 401, body: { error: { code: 401, request: req.path.slice(1), message: 'Invalid username/password.' } } };
    return v3Error(401, 'authentication_failed', 'Invalid username/password.');
  }

  private addRoutes() {
    this.route('GET', '/api/v2/user', () => ({
      status: 200,
      body: {
        user: { username: 'retour-shop', company_name: 'Retour Test Shop', email: 'shop@example.test', invoice_address: null },
      },
    }));
    this.route('POST', '/api/v3/shipping-options', (req) => this.shippingOptionsAnswer(req));
    this.route('POST', '/api/v3/returns', (req) => this.createReturn(req));
    this.route('GET', '/api/v3/returns', (req) => this.listReturns(req));
    this.route('GET', '/api/v3/returns/:id', (_req, p) => {
      const ret = this.returns.get(Number(p.id));
      return ret ? { status: 200, body: ret } : v3Error(404, 'not_found', 'Return not found.');
    });
    this.route('PATCH', '/api/v3/returns/:id/cancel', (_req, p) => this.cancelReturn(Number(p.id)));
    this.route('GET', '/api/v2/parcels/:id', (_req, p) => this.parcelAnswer(Number(p.id)));
    this.route('GET', '/api/v3/parcels/:id/documents/:type', (req, p) =>
      documentAnswer(this, req, [Number(p.id)], String(p.type)),
    );
    this.route('GET', '/api/v3/parcel-documents/:type', (req, p) =>
      documentAnswer(
        this,
        req,
        req.query
          .getAll('parcels')
          .flatMap((v) => v.split(','))
          .map(Number),
        String(p.type),
      ),
    );
    this.route('GET', '/api/v2/parcels/:id/documents/:type', (req, p) =>
      documentAnswer(this, req, [Number(p.id)], String(p.type)),
    );
    this.route('GET', '/api/v3/service-points', (req) => servicePointsAnswer(this, req));
    this.route('POST', '/api/v3/pickups', (req) => this.createPickup(req));
    this.route('POST', '/api/v3/pickups/:id/cancel', (_req, p) => this.cancelPickup(Number(p.id)));
    this.route('GET', '/api/v3/parcels/tracking/:tn', (_req, p) => trackingAnswer(this, String(p.tn)));
  }

  private optionsFor(from: string, to: string, carrier?: string) {
    return this.shippingOptions.filter(
      (o) =>
        o.fromCountries.includes(from) &&
        (!carrier || o.carrier.code === carrier) &&
        (to === '' || EU.includes(to) || to === from),
    );
  }

  private shippingOptionsAnswer(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Json;
    const fromAddress = (body.from_address ?? {}) as Json;
    const toAddress = (body.to_address ?? {}) as Json;
    const from = String(fromAddress.country_code ?? body.from_country_code ?? '').toUpperCase();
    const to = String(toAddress.country_code ?? body.to_country_code ?? '').toUpperCase();
    if (!from) return v3Error(400, 'required', 'This field is required.', '/from_country_code');
    const functionalities = (body.functionalities ?? {}) as Json;
    const parcels = Array.isArray(body.parcels) ? (body.parcels as Json[]) : [];
    const heaviest = Math.max(0, ...parcels.map((p) => Number((p.weight as Json | undefined)?.value ?? 0)));
    const options = this.optionsFor(from, to, typeof body.carrier_code === 'string' ? body.carrier_code : undefined)
      .filter((o) => functionalities.returns !== true || o.functionalities.returns === true)
      .filter((o) => functionalities.labelless !== true || o.functionalities.labelless === true)
      .filter((o) => heaviest <= o.maxWeightKg);
    const count = Math.max(1, parcels.length);
    const data = options.map((o) => ({
      code: o.code,
      name: o.name,
      carrier: o.carrier,
      product: { code: o.code.split('/')[0], name: o.name },
      functionalities: o.functionalities,
      contract: { id: 1, client_id: 'retour', carrier_code: o.carrier.code, name: `${o.carrier.name} contract` },
      weight: { min: { value: '0.001', unit: 'kg' }, max: { value: String(o.maxWeightKg), unit: 'kg' } },
      quotes:
        body.calculate_quotes === true
          ? [
              {
                weight: { min: { value: '0.001', unit: 'kg' }, max: { value: String(o.maxWeightKg), unit: 'kg' } },
                price: {
                  breakdown: [{ type: 'price_without_insurance', label: 'Label', price: { value: o.price, currency: 'EUR' } }],
                  total: { value: (Number(o.price) * count).toFixed(2), currency: 'EUR' },
                },
                lead_time: o.leadTimeHours,
              },
            ]
          : null,
    }));
    return { status: 200, body: { data } };
  }

  private validateAddress(address: unknown, at: string): FakeAnswer | null {
    if (typeof address !== 'object' || address === null) return v3Error(400, 'required', 'This field is required.', `/${at}`);
    for (const field of ['name', 'address_line_1', 'postal_code', 'city', 'country_code']) {
      const value = (address as Json)[field];
      if (typeof value !== 'string' || value.trim() === '')
        return v3Error(400, 'required', 'This field is required.', `/${at}/${field}`);
    }
    return null;
  }

  private validateReturn(body: Json): FakeAnswer | null {
    const bad = this.validateAddress(body.from_address, 'from_address') ?? this.validateAddress(body.to_address, 'to_address');
    if (bad) return bad;
    const shipWith = (body.ship_with ?? null) as Json | null;
    if (!shipWith || typeof shipWith.shipping_option_code !== 'string')
      return v3Error(400, 'required', 'This field is required.', '/ship_with/shipping_option_code');
    const from = String((body.from_address as Json).country_code).toUpperCase();
    const option = this.shippingOptions.find((o) => o.code === shipWith.shipping_option_code);
    if (!option)
      return v3Error(
        400,
        'invalid_choice',
        `"${shipWith.shipping_option_code}" is not a valid choice.`,
        '/ship_with/shipping_option_code',
      );
    if (!option.fromCountries.includes(from))
      return v3Error(400, 'invalid', `${option.name} does not collect returns from ${from}.`, '/from_address/country_code');
    const wanted = (shipWith.functionalities ?? {}) as Json;
    if (wanted.labelless === true && option.functionalities.labelless !== true)
      return v3Error(
        400,
        'invalid',
        `${option.name} cannot be announced without a label.`,
        '/ship_with/functionalities/labelless',
      );
    const weight = (body.weight ?? null) as Json | null;
    if (!weight || !Number.isFinite(Number(weight.value)) || Number(weight.value) <= 0)
      return v3Error(400, 'required', 'A weight above 0 is required.', '/weight/value');
    const collo = body.collo_count === undefined ? 1 : Number(body.collo_count);
    if (!Number.isInteger(collo) || collo < 1 || collo > 20)
      return v3Error(400, 'min_value', 'Ensure this value is between 1 and 20.', '/collo_count');
    const items = body.parcel_items;
    if (!EU.includes(from) && (!Array.isArray(items) || items.length === 0))
      return v3Error(400, 'required', 'Parcel items are required for returns from outside the EU.', '/parcel_items');
    const option2 = body.delivery_option;
    if (option2 != null && !['drop_off_point', 'drop_off_labelless', 'pickup', 'in_store'].includes(String(option2)))
      return v3Error(400, 'invalid_choice', `"${option2}" is not a valid choice.`, '/delivery_option');
    const ref = body.external_reference;
    if (typeof ref === 'string' && [...this.returns.values()].some((r) => r.external_reference === ref))
      return v3Error(400, 'invalid', 'A return with this external reference already exists.', '/external_reference');
    return null;
  }

  private createReturn(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? null) as Json | null;
    if (!body) return v3Error(400, 'invalid', 'The body is not valid JSON.');
    const refused = this.validateReturn(body);
    if (refused) return refused;
    const shipWith = body.ship_with as Json;
    const code = String(shipWith.shipping_option_code);
    const collo = body.collo_count === undefined ? 1 : Number(body.collo_count);
    const id = this.nextId++;
    const parcelIds = Array.from({ length: collo }, () => this.nextId++);
    const ret: FakeSendcloudReturn = {
      id,
      external_reference: typeof body.external_reference === 'string' ? body.external_reference : null,
      order_number: typeof body.order_number === 'string' ? body.order_number : null,
      from_address: body.from_address as Json,
      to_address: body.to_address as Json,
      ship_with: shipWith,
      shipping_option: { code },
      shipping_product: { code: code.split('/')[0] },
      weight: body.weight as Json,
      dimensions: body.dimensions ?? null,
      collo_count: collo,
      parcel_items: Array.isArray(body.parcel_items) ? (body.parcel_items as Json[]) : [],
      customs_invoice_nr: body.customs_invoice_nr ?? null,
      customs_information: body.customs_information ?? null,
      delivery_option: typeof body.delivery_option === 'string' ? body.delivery_option : null,
      send_tracking_emails: body.send_tracking_emails ?? false,
      parcel_id: parcelIds[0] as number,
      multi_collo_ids: collo > 1 ? parcelIds : [],
      tracking_number: null,
      tracking_url: null,
      label_cost: null,
      is_cancellable: true,
      status: 'requested',
      status_history: [],
      created_at: iso(new Date()),
      errors: [],
    };
    this.returns.set(id, ret);
    parcelIds.forEach((pid, i) => {
      this.parcels.set(pid, {
        id: pid,
        returnId: id,
        colloNr: i,
        trackingNumber: null,
        carrier: code.split(':')[0] ?? '',
        history: [],
      });
    });
    const first = this.parcels.get(ret.parcel_id);
    if (first) this.record(first, 'announcing', new Date());
    if (this.announceMode === 'immediately') this.announce(id);
    return { status: 201, body: { return_id: id, parcel_id: ret.parcel_id, multi_collo_ids: ret.multi_collo_ids } };
  }

  private listReturns(req: SeenRequest): FakeAnswer {
    for (const parameter of ['from_date', 'to_date'])
      if (!req.query.get(parameter)) return v3Error(400, 'required', 'This field is required.', undefined, parameter);
    const from = Date.parse(req.query.get('from_date') as string);
    const to = Date.parse(req.query.get('to_date') as string) + 86_400_000;
    const ref = req.query.get('external_reference');
    const size = Math.min(Number(req.query.get('page_size') ?? 40) || 40, 100);
    const start =
      Number(
        Buffer.from(req.query.get('cursor') ?? '', 'base64')
          .toString('utf8')
          .replace('o=', ''),
      ) || 0;
    const all = [...this.returns.values()].filter((r) => {
      const at = Date.parse(r.created_at);
      return at >= from && at < to && (!ref || r.external_reference === ref);
    });
    const page = all.slice(start, start + size);
    const cursor = (offset: number) => Buffer.from(`o=${offset}`).toString('base64');
    const next = start + size < all.length ? `${this.url}/api/v3/returns?cursor=${cursor(start + size)}` : null;
    const previous = start > 0 ? `${this.url}/api/v3/returns?cursor=${cursor(Math.max(0, start - size))}` : null;
    return { status: 200, body: { next, previous, data: page } };
  }

  private cancelReturn(id: number): FakeAnswer {
    const ret = this.returns.get(id);
    if (!ret) return v3Error(404, 'not_found', 'Return not found.');
    if (!ret.is_cancellable) return v3Error(409, 'not_cancellable', 'This return can no longer be cancelled.');
    const parcel = this.parcels.get(ret.parcel_id);
    if (parcel) this.record(parcel, 'cancelling', new Date());
    ret.is_cancellable = false;
    return { status: 202, body: { message: 'Cancellation requested successfully' } };
  }

  private parcelAnswer(id: number): FakeAnswer {
    const parcel = this.parcels.get(id);
    if (!parcel) return { status: 404, body: { error: { code: 404, request: `api/v2/parcels/${id}`, message: 'Not found.' } } };
    const last = parcel.history[parcel.history.length - 1]?.parent ?? 'no-label';
    const status = SENDCLOUD_STATUSES[last] ?? { id: 1337, message: 'Unknown' };
    const ret = parcel.returnId ? this.returns.get(parcel.returnId) : undefined;
    return {
      status: 200,
      body: {
        parcel: {
          id,
          tracking_number: parcel.trackingNumber ?? '',
          tracking_url: parcel.trackingNumber ? `https://tracking.sendcloud.sc/forward?code=${parcel.trackingNumber}` : '',
          status: { id: status.id, message: status.message },
          carrier: { code: parcel.carrier },
          is_return: true,
          collo_nr: parcel.colloNr,
          collo_count: ret?.collo_count ?? 1,
          order_number: ret?.order_number ?? '',
          external_reference: ret?.external_reference ?? null,
        },
      },
    };
  }

  private createPickup(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Json;
    if (typeof body.carrier_code !== 'string') return v3Error(400, 'required', 'This field is required.', '/carrier_code');
    const bad = this.validateAddress(body.address, 'address');
    if (bad) return bad;
    const slots = Array.isArray(body.time_slots) ? (body.time_slots as { start_at: string; end_at: string }[]) : [];
    const slot = slots[0];
    if (!slot || Number.isNaN(Date.parse(slot.start_at)) || Number.isNaN(Date.parse(slot.end_at)))
      return v3Error(400, 'required', 'A time slot with start_at and end_at is required.', '/time_slots');
    if (Date.parse(slot.start_at) <= this.now().getTime())
      return v3Error(400, 'invalid', 'The pickup must be scheduled in the future.', '/time_slots/0/start_at');
    const items = Array.isArray(body.items) ? (body.items as Json[]) : [];
    if (items.length === 0) return v3Error(400, 'required', 'This field is required.', '/items');
    const pickup: FakePickup = {
      id: this.nextId++,
      status: 'ANNOUNCING',
      carrier_code: body.carrier_code,
      address: body.address as Json,
      time_slots: slots,
      items,
      reference: typeof body.reference === 'string' ? body.reference : null,
    };
    this.pickups.set(pickup.id, pickup);
    return { status: 201, body: { data: { ...pickup, created_at: iso(this.now()), cancelled_at: null } } };
  }

  private cancelPickup(id: number): FakeAnswer {
    const pickup = this.pickups.get(id);
    if (!pickup) return v3Error(404, 'not_found', 'Pickup not found.');
    const start = Date.parse(pickup.time_slots[0]?.start_at ?? '');
    if (pickup.status === 'CANCELLED' || start <= this.now().getTime()) {
      return { status: 409, body: { data: { ...pickup, status: pickup.status === 'CANCELLED' ? 'CANCELLED' : 'FAILED' } } };
    }
    pickup.status = 'CANCELLED';
    return { status: 200, body: { data: pickup } };
  }
}
