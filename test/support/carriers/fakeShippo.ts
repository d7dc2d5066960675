import { createHmac, randomBytes } from 'node:crypto';
import bwipjs from 'bwip-js';
import type { CarrierCredentials } from '../../../src/app/logistics/carriers/port.js';
import { openPdf } from '../../../src/integrations/labels/pdfDocument.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from './fakeServer.js';

export type ShippoTrackStatus = 'PRE_TRANSIT' | 'TRANSIT' | 'DELIVERED' | 'RETURNED' | 'FAILURE' | 'UNKNOWN';
type Obj = Record<string, unknown>;

interface Level {
  token: string;
  name: string;
  returns: boolean;
  /** Price in dollars: base plus per kilogram. */
  base: number;
  perKg: number;
  days: number;
}
interface Account {
  carrier: string;
  provider: string;
  /** Carries only within the US, or only across borders. */
  lane: 'domestic_us' | 'international';
  levels: Level[];
}

/** The carrier accounts of the fake's Shippo account. */
const ACCOUNTS: Account[] = [
  {
    carrier: 'usps',
    provider: 'USPS',
    lane: 'domestic_us',
    levels: [
      { token: 'usps_priority', name: 'Priority Mail', returns: true, base: 8.5, perKg: 1.2, days: 2 },
      { token: 'usps_ground_advantage', name: 'Ground Advantage', returns: true, base: 5.4, perKg: 0.9, days: 4 },
    ],
  },
  {
    carrier: 'ups',
    provider: 'UPS',
    lane: 'domestic_us',
    levels: [
      { token: 'ups_ground', name: 'Ground', returns: true, base: 9.9, perKg: 1.1, days: 3 },
      { token: 'ups_next_day_air', name: 'Next Day Air®', returns: false, base: 39, perKg: 4, days: 1 },
    ],
  },
  {
    carrier: 'dhl_express',
    provider: 'DHL Express',
    lane: 'international',
    levels: [{ token: 'dhl_express_worldwide', name: 'Express Worldwide', returns: true, base: 42, perKg: 6, days: 3 }],
  },
];

const LABEL_FILE_TYPES = [
  'PNG',
  'PNG_2.3x7.5',
  'PDF',
  'PDF_2.3x7.5',
  'PDF_4x6',
  'PDF_4x8',
  'PDF_A4',
  'PDF_A5',
  'PDF_A6',
  'ZPLII',
];
const REQUIRED_ADDRESS = ['name', 'street1', 'city', 'zip', 'country'];
const REQUIRED_PARCEL = ['length', 'width', 'height', 'distance_unit', 'weight', 'mass_unit'];
const required = ['This field is required.'];

const rand = (n = 12) => randomBytes(n).toString('hex');
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/**
 * Shippo over HTTP as its API documents it: `ShippoToken` authentication, return shipments with
 * rates per carrier account, transactions (one per parcel) with real PDF/ZPL labels and PNG QR codes
 * under signed-looking file URLs, refunds, tracks (including the `SHIPPO_*` test numbers), and
 * `track_updated` webhooks signed with `Shippo-Auth-Signature`.
 */
export class FakeShippo extends FakeHttpServer {
  readonly token: string;
  readonly webhookSecret: string;
  readonly shipments = new Map<string, Obj>();
  readonly rates = new Map<string, Obj>();
  /** Every transaction bought, oldest first. */
  readonly transactions: Obj[] = [];
  readonly refunds: Obj[] = [];
  /** Tracks of bought labels, by tracking number. */
  readonly tracks = new Map<string, Obj>();
  /** What the next transactions end as: SUCCESS, or QUEUED until `settle()`, or ERROR. */
  transactionOutcome: 'SUCCESS' | 'QUEUED' | 'ERROR' = 'SUCCESS';
  /** What refunds of unused labels end as (Shippo takes days in live mode). */
  refundOutcome: 'QUEUED' | 'SUCCESS' = 'QUEUED';

  constructor(options: { token?: string; webhookSecret?: string } = {}) {
    super();
    this.token = options.token ?? `shippo_test_${rand(20)}`;
    this.webhookSecret = options.webhookSecret ?? rand(24);
    this.authenticate = (req) => {
      if (req.path.startsWith('/files/')) return null;
      if (req.headers.authorization === `ShippoToken ${this.token}`) return null;
      return { status: 401, body: { detail: 'Invalid token.' } };
    };
    this.route('GET', '/carrier_accounts', (req) => this.page(req, this.accounts(req.query.get('service_levels') === 'true')));
    this.route('POST', '/shipments', (req) => this.createShipment(req));
    this.route('GET', '/shipments/:id', (_, p) => this.found(this.shipments.get(p.id ?? '')));
    this.route('GET', '/rates/:id', (_, p) => this.found(this.rates.get(p.id ?? '')));
    this.route('POST', '/transactions', (req) => this.createTransaction(req));
    this.route('GET', '/transactions', (req) => this.listTransactions(req));
    this.route('GET', '/transactions/:id', (_, p) => this.found(this.transactions.find((t) => t.object_id === p.id)));
    this.route('POST', '/refunds', (req) => this.createRefund(req));
    this.route('GET', '/tracks/:carrier/:number', (_, p) => ({ status: 200, body: this.track(p.carrier ?? '', p.number ?? '') }));
    this.route('GET', '/files/:kind/:file', (_, p) => this.file(p.kind ?? '', p.file ?? ''));
  }

  credentials(): CarrierCredentials {
    return { apiKey: this.token, webhookSecret: this.webhookSecret, baseUrl: this.url };
  }

  /** Buys the labels of queued transactions, as Shippo does in the background. */
  settle(): void {
    for (const t of this.transactions) if (t.status === 'QUEUED') this.complete(t);
  }

  /** Moves a bought label's parcel on: a new tracking status, now or at `at`. A parcel not known yet
   * is one of `carrier` (Shippo's test carrier when left out). */
  moveParcel(
    trackingNumber: string,
    status: ShippoTrackStatus,
    options: { substatus?: string; at?: Date; carrier?: string } = {},
  ): Obj {
    const track = this.tracks.get(trackingNumber) ?? this.newTrack(options.carrier ?? 'shippo', trackingNumber, []);
    const entry = trackingStatus(status, options.at ?? new Date(), options.substatus);
    (track.tracking_history as Obj[]).push(entry);
    track.tracking_status = entry;
    this.tracks.set(trackingNumber, track);
    return track;
  }

  /** A `track_updated` delivery as Shippo sends it, signed with the webhook secret at `signedAt`. */
  trackWebhook(
    carrier: string,
    trackingNumber: string,
    status: ShippoTrackStatus,
    at?: Date,
    options: { signedAt?: Date; substatus?: string } = {},
  ): { body: string; headers: Record<string, string> } {
    const track = this.moveParcel(trackingNumber, status, { at, substatus: options.substatus });
    const body = JSON.stringify({ event: 'track_updated', test: true, data: { ...track, carrier } });
    return { body, headers: this.signedHeaders(body, options.signedAt ?? new Date()) };
  }

  /** Headers of a webhook delivery of `body`, signed as `Shippo-Auth-Signature` does it. */
  signedHeaders(body: string, signedAt = new Date(), secret = this.webhookSecret): Record<string, string> {
    const t = Math.floor(signedAt.getTime() / 1000);
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    return { 'content-type': 'application/json', 'shippo-auth-signature': `t=${t},v1=${v1}` };
  }

  private accounts(withLevels: boolean): Obj[] {
    return ACCOUNTS.map((a, i) => ({
      object_id: `ca_${a.carrier}_${i}`,
      carrier: a.carrier,
      account_id: '****',
      active: true,
      is_shippo_account: true,
      test: true,
      ...(withLevels
        ? { service_levels: a.levels.map((l) => ({ token: l.token, name: l.name, supports_return_labels: l.returns })) }
        : {}),
    }));
  }

  private page(req: SeenRequest, items: Obj[]): FakeAnswer {
    const page = Math.max(1, Number(req.query.get('page') ?? 1));
    const results = Math.min(100, Math.max(1, Number(req.query.get('results') ?? 25)));
    const link = (p: number) => {
      const q = new URLSearchParams(req.query);
      q.set('page', String(p));
      return `${this.url}${req.path}?${q}`;
    };
    const slice = items.slice((page - 1) * results, page * results);
    return {
      status: 200,
      body: {
        next: page * results < items.length ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: slice,
      },
    };
  }

  private found(object: Obj | undefined): FakeAnswer {
    return object ? { status: 200, body: object } : { status: 404, body: { detail: 'Not found.' } };
  }

  private createShipment(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Obj;
    const invalid = shipmentErrors(body);
    if (invalid) return { status: 400, body: invalid };
    const from = body.address_from as Obj;
    const to = body.address_to as Obj;
    const parcels = body.parcels as Obj[];
    const extra = (body.extra ?? {}) as Obj;
    const id = `shp_${rand()}`;
    const domesticUs = from.country === 'US' && to.country === 'US';
    const international = from.country !== to.country;
    const grams = parcels.reduce((sum, p) => sum + Number(p.weight) * (p.mass_unit === 'kg' ? 1000 : 1), 0);
    const rates: Obj[] = [];
    for (const account of ACCOUNTS) {
      if (account.lane === 'domestic_us' ? !domesticUs : !international) continue;
      for (const level of account.levels) {
        if (extra.is_return && !level.returns) continue;
        const price = (level.base + (level.perKg * grams) / 1000).toFixed(2);
        const rate = {
          object_id: `rate_${rand()}`,
          amount: price,
          currency: 'USD',
          amount_local: price,
          currency_local: 'USD',
          provider: account.provider,
          servicelevel: { name: level.name, token: level.token, terms: '' },
          estimated_days: level.days,
          duration_terms: `${level.days} days`,
          attributes: [],
          carrier_account: `ca_${account.carrier}_${ACCOUNTS.indexOf(account)}`,
          shipment: id,
          zone: '1',
          test: true,
        };
        this.rates.set(rate.object_id, rate);
        rates.push(rate);
      }
    }
    const cheapest = [...rates].sort((a, b) => Number(a.amount) - Number(b.amount))[0];
    if (cheapest) cheapest.attributes = ['CHEAPEST'];
    const shipment = { object_id: id, status: 'SUCCESS', ...body, rates, messages: [], test: true, object_created: now() };
    this.shipments.set(id, shipment);
    return { status: 201, body: shipment };
  }

  private createTransaction(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Obj;
    if (!body.rate) return { status: 400, body: { rate: required } };
    const rate = this.rates.get(String(body.rate));
    if (!rate) return { status: 400, body: { rate: [`Rate with object_id ${String(body.rate)} does not exist.`] } };
    const fileType = String(body.label_file_type ?? 'PDF');
    if (!LABEL_FILE_TYPES.includes(fileType))
      return { status: 400, body: { label_file_type: [`"${fileType}" is not a valid choice.`] } };
    const shipment = this.shipments.get(String(rate.shipment)) as Obj;
    const parcels = shipment.parcels as Obj[];
    const from = shipment.address_from as Obj;
    const to = shipment.address_to as Obj;
    // Rates come without customs; buying an international label needs the declaration.
    const noCustoms = from.country !== to.country && !shipment.customs_declaration;
    const outcome = noCustoms ? 'ERROR' : this.transactionOutcome;
    const problem = noCustoms
      ? 'A customs declaration is required for international shipments.'
      : 'The recipient address could not be validated.';
    const bought = parcels.map((_, i) => {
      const t: Obj = {
        object_id: `tx_${rand()}`,
        object_state: 'VALID',
        status: outcome === 'ERROR' ? 'ERROR' : 'QUEUED',
        object_created: now(),
        object_updated: now(),
        rate: rate.object_id,
        parcel: `prc_${i}`,
        label_file_type: fileType,
        metadata: typeof body.metadata === 'string' ? body.metadata : '',
        messages: outcome === 'ERROR' ? [{ source: rate.provider, code: '', text: problem }] : [],
        test: true,
      };
      this.transactions.push(t);
      return t;
    });
    if (outcome === 'SUCCESS') for (const t of bought) this.complete(t);
    return { status: 201, body: bought[0] };
  }

  /** A queued transaction becomes a bought label: tracking number, files, and a track. */
  private complete(t: Obj): void {
    const rate = this.rates.get(String(t.rate)) as Obj;
    const shipment = this.shipments.get(String(rate.shipment)) as Obj;
    const extra = (shipment.extra ?? {}) as Obj;
    const provider = String(rate.provider);
    const trackingNumber =
      provider === 'USPS' ? `9205${digits(18)}` : provider === 'UPS' ? `1Z${rand(8).slice(0, 16).toUpperCase()}` : digits(10);
    const zpl = t.label_file_type === 'ZPLII';
    Object.assign(t, {
      status: 'SUCCESS',
      object_updated: now(),
      tracking_number: trackingNumber,
      tracking_status: 'PRE_TRANSIT',
      tracking_url_provider: `https://tracking.example/${provider}/${trackingNumber}`,
      label_url: `${this.url}/files/labels/${t.object_id}.${zpl ? 'zpl' : 'pdf'}?Signature=${rand(8)}`,
      qr_code_url:
        extra.qr_code_requested && provider === 'USPS' ? `${this.url}/files/qr/${t.object_id}.png?Signature=${rand(8)}` : null,
      commercial_invoice_url: shipment.customs_declaration ? `${this.url}/files/invoices/${t.object_id}.pdf` : null,
      eta: null,
    });
    const carrier = provider.toLowerCase().replace(/\s+/g, '_');
    this.tracks.set(trackingNumber, this.newTrack(carrier, trackingNumber, [trackingStatus('PRE_TRANSIT', new Date())], t));
  }

  private listTransactions(req: SeenRequest): FakeAnswer {
    const rate = req.query.get('rate');
    const status = req.query.get('object_status');
    const newestFirst = [...this.transactions]
      .reverse()
      .filter((t) => (!rate || t.rate === rate) && (!status || t.status === status));
    return this.page(req, newestFirst);
  }

  private createRefund(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as Obj;
    if (!body.transaction) return { status: 400, body: { transaction: required } };
    const t = this.transactions.find((x) => x.object_id === body.transaction);
    if (!t) return { status: 400, body: { transaction: ['Transaction does not exist.'] } };
    if (t.status !== 'SUCCESS')
      return { status: 400, body: { transaction: [`Transaction with status ${t.status} cannot be refunded.`] } };
    const track = this.tracks.get(String(t.tracking_number));
    const used = (track?.tracking_history as Obj[] | undefined)?.some((e) => e.status !== 'PRE_TRANSIT') ?? false;
    const status = used ? 'ERROR' : this.refundOutcome;
    t.status = used ? 'REFUNDREJECTED' : status === 'SUCCESS' ? 'REFUNDED' : 'REFUNDPENDING';
    const refund = { object_id: `rfd_${rand()}`, status, transaction: t.object_id, test: true, object_created: now() };
    this.refunds.push(refund);
    return { status: 201, body: refund };
  }

  private track(carrier: string, number: string): Obj {
    const known = this.tracks.get(number);
    if (known && (known.carrier === carrier || carrier === 'shippo')) return known;
    // Shippo's test numbers: a history that ends in the status the number names.
    const test = /^SHIPPO_(PRE_TRANSIT|TRANSIT|DELIVERED|RETURNED|FAILURE|UNKNOWN)$/.exec(number)?.[1] as
      | ShippoTrackStatus
      | undefined;
    if (carrier === 'shippo' && test) {
      const steps: ShippoTrackStatus[] =
        test === 'PRE_TRANSIT' || test === 'UNKNOWN'
          ? [test]
          : test === 'TRANSIT'
            ? ['PRE_TRANSIT', 'TRANSIT']
            : ['PRE_TRANSIT', 'TRANSIT', test];
      const start = Date.now() - 3 * 86_400_000;
      return this.newTrack(
        'shippo',
        number,
        steps.map((s, i) => trackingStatus(s, new Date(start + i * 86_400_000))),
      );
    }
    return this.newTrack(carrier, number, [trackingStatus('UNKNOWN', new Date())]);
  }

  private newTrack(carrier: string, trackingNumber: string, history: Obj[], transaction?: Obj): Obj {
    return {
      carrier,
      tracking_number: trackingNumber,
      eta: null,
      original_eta: null,
      servicelevel: { token: null, name: null },
      address_from: { city: 'Utrecht', state: '', zip: '3511', country: 'NL' },
      address_to: { city: 'Amsterdam', state: '', zip: '1011', country: 'NL' },
      tracking_status: history.at(-1) ?? null,
      tracking_history: history,
      transaction: transaction?.object_id ?? null,
      metadata: null,
      messages: [],
      test: true,
    };
  }

  private async file(kind: string, file: string): Promise<FakeAnswer> {
    const [id, ext] = file.split('.');
    const t = this.transactions.find((x) => x.object_id === id);
    if (!t) return { status: 404, raw: Buffer.from('<Error><Code>NoSuchKey</Code></Error>') };
    const number = String(t.tracking_number);
    if (kind === 'qr' && ext === 'png') return { status: 200, raw: await bwipjs.toBuffer({ bcid: 'qrcode', text: number }) };
    if (kind === 'labels' && ext === 'zpl')
      return { status: 200, raw: Buffer.from(`^XA^FO40,40^A0N,40,40^FDRETURN^FS^FO40,120^BCN,120,Y,N,N^FD${number}^FS^XZ`) };
    if ((kind === 'labels' || kind === 'invoices') && ext === 'pdf') return { status: 200, raw: await pdf(kind, number) };
    return { status: 404, raw: Buffer.from('<Error><Code>NoSuchKey</Code></Error>') };
  }
}

function now(): string {
  return new Date().toISOString();
}

function trackingStatus(status: ShippoTrackStatus, at: Date, substatus?: string): Obj {
  return {
    object_id: rand(8),
    status,
    status_details: `${status.replace('_', ' ').toLowerCase()} (test)`,
    status_date: at.toISOString(),
    substatus: substatus ? { code: substatus, text: substatus.replace(/_/g, ' '), action_required: false } : null,
    location: status === 'PRE_TRANSIT' ? null : { city: 'Memphis', state: 'TN', zip: '38118', country: 'US' },
    object_created: at.toISOString(),
    object_updated: at.toISOString(),
  };
}

/** Shippo's 400 body for a shipment missing what it needs: field → messages, nested per object. */
function shipmentErrors(body: Obj): Obj | null {
  for (const key of ['address_from', 'address_to']) {
    const address = body[key] as Obj | undefined;
    if (!address || typeof address !== 'object') return { [key]: required };
    const missing = REQUIRED_ADDRESS.find((f) => !address[f]);
    if (missing) return { [key]: { [missing]: required } };
  }
  const parcels = body.parcels;
  if (!Array.isArray(parcels) || parcels.length === 0) return { parcels: required };
  for (const [i, parcel] of parcels.entries()) {
    const missing = REQUIRED_PARCEL.find((f) => !(parcel as Obj)[f]);
    if (missing) return { parcels: parcels.map((_, j) => (j === i ? { [missing]: required } : {})) };
  }
  return null;
}

async function pdf(kind: string, trackingNumber: string): Promise<Buffer> {
  const { doc, done } = openPdf(
    { size: 'A6', margin: 20, compress: false },
    { title: `${kind} ${trackingNumber}`, shopName: 'Shippo test', createdAt: new Date() },
  );
  doc.fontSize(14).text(kind === 'labels' ? 'RETURN LABEL' : 'COMMERCIAL INVOICE');
  doc.fontSize(10).text(trackingNumber);
  doc.end();
  return done;
}
