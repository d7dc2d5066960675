import type { CarrierCredentials } from '../../../src/app/logistics/carriers/port.js';
import { fromAmsterdam, parsePostNLTime, toPostNLPeriod, toPostNLTime } from '../../../src/integrations/carriers/postnl/time.js';
import { openPdf } from '../../../src/integrations/labels/pdfDocument.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from './fakeServer.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** PostNL's T&T status codes with their phase, as its status answers describe them. */
const STATUSES: Record<number, { text: string; phase: number }> = {
  1: { text: 'Zending voorgemeld', phase: 1 },
  2: { text: 'Zending in ontvangst genomen', phase: 1 },
  3: { text: 'Zending afgehaald', phase: 1 },
  4: { text: 'Zending niet afgehaald', phase: 1 },
  5: { text: 'Zending gesorteerd', phase: 2 },
  6: { text: 'Zending niet gesorteerd', phase: 2 },
  7: { text: 'Zending in distributieproces', phase: 3 },
  8: { text: 'Zending niet afgeleverd', phase: 3 },
  9: { text: 'Zending bij douane', phase: 3 },
  11: { text: 'Zending afgeleverd', phase: 4 },
  12: { text: 'Zending beschikbaar op afhaallocatie', phase: 4 },
  13: { text: 'Voormelding: nog niet aangenomen', phase: 1 },
  17: { text: 'Zending vermist', phase: 3 },
  99: { text: 'Niet van toepassing', phase: 99 },
};
const PHASES: Record<number, string> = {
  1: 'Collectie',
  2: 'Sortering',
  3: 'Distributie',
  4: 'Afgeleverd',
  99: 'Niet van toepassing',
};
const PRODUCTS = ['2285', '3085', '3094', '3189'];
const PRINTERS = ['GraphicFile|PDF', 'GraphicFile|PDF|Merge', 'Zebra|Generic ZPL II 200 dpi'];

export interface FakePostNLShipment {
  barcode: string;
  mainBarcode: string;
  counter: number;
  count: number;
  reference: string | null;
  productCode: string;
  productOptions: { Characteristic: string; Option: string }[];
  /** As the labelling request sent them. */
  addresses: Obj[];
  weightGrams: number;
  status: { code: number; at: Date };
  oldStatuses: { code: number; at: Date }[];
  events: { code: string; at: Date }[];
}

/** A Return on Demand order (paths as the adapter assumes them; see its pickup.ts). */
export interface FakePickupOrder {
  id: string;
  barcode: string;
  timeframe: { Date: string; From: string; To: string };
  cancelled: boolean;
}

const invalid = (element: string, description: string, code = '13'): FakeAnswer => ({
  status: 400,
  body: {
    Errors: [{ Error: 'Invalid request', Code: code, Description: `Check failed for element ${element}: ${description}` }],
  },
});

/**
 * PostNL's API as Retour uses it, over HTTP: `apikey` header (PostNL's 401 bodies), 3S barcodes,
 * labelling with base64 PDF or ZPL labels and `confirm`, T&T status by barcode and reference with
 * StatusCode/PhaseCode, `updatedshipments` with its two-hour and 48-hour rules, nearest locations
 * with per-day opening strings, and Return on Demand (assumed paths). A test moves parcels with
 * `setStatus`. PostNL has no webhooks, so there is nothing to sign.
 */
export class FakePostNL extends FakeHttpServer {
  readonly apiKey: string;
  readonly customerCode: string;
  readonly customerNumber: string;
  /** Booked (confirmed) parcels by barcode. */
  readonly shipments = new Map<string, FakePostNLShipment>();
  readonly pickups = new Map<string, FakePickupOrder>();
  /** Status changes in order, for `updatedshipments`. */
  readonly changes: { barcode: string; code: number; at: Date }[] = [];
  locations: Obj[] = defaultLocations();
  /** The fake's "now": the 48-hour rule and pickup frames follow it. */
  clock: () => Date = () => new Date();
  private serial = 0;
  private orders = 0;

  constructor(options: { apiKey?: string; customerCode?: string; customerNumber?: string } = {}) {
    super();
    this.apiKey = options.apiKey ?? 'postnl-sandbox-key';
    this.customerCode = options.customerCode ?? 'DEVC';
    this.customerNumber = options.customerNumber ?? '11223344';
    this.authenticate = (req) => {
      const key = req.headers.apikey;
      if (!key)
        return {
          status: 401,
          body: { message: "Failed to resolve API Key variable 'request.header.apikey'", http_status_code: 401 },
        };
      if (key !== this.apiKey)
        return {
          status: 401,
          body: { fault: { faultstring: 'Invalid ApiKey', detail: { errorcode: 'oauth.v2.InvalidApiKey' } } },
        };
      return null;
    };
    this.route('GET', '/shipment/v1_1/barcode', (req) => this.barcode(req));
    this.route('POST', '/shipment/v2_2/label', (req) => this.label(req));
    this.route('GET', '/shipment/v2/status/barcode/:barcode', (req, p) =>
      this.statusOf(req, (s) => s.barcode === p.barcode || s.mainBarcode === p.barcode),
    );
    this.route('GET', '/shipment/v2/status/reference/:ref', (req, p) => this.byReference(req, p.ref ?? ''));
    this.route('GET', '/shipment/v2/status/reference', (req) => this.byReference(req, req.query.get('reference') ?? ''));
    this.route('GET', '/shipment/v2/status/:customerNumber/updatedshipments', (req, p) =>
      this.updated(req, p.customerNumber ?? ''),
    );
    this.route('GET', '/shipment/v2_1/locations/nearest', (req) => this.nearest(req));
    this.route('POST', '/shipment/v1/returnondemand/quote', (req) => this.quote(req));
    this.route('POST', '/shipment/v1/returnondemand/purchase', (req) => this.purchase(req));
    this.route('DELETE', '/shipment/v1/returnondemand/purchase/:id', (_req, p) => this.cancelPickup(p.id ?? ''));
  }

  credentials(): CarrierCredentials {
    return { apiKey: this.apiKey, customerCode: this.customerCode, customerNumber: this.customerNumber, baseUrl: this.url };
  }

  /** Moves a parcel on: its current status goes to the history, the event (X40, A27, H31 …) is added. */
  setStatus(barcode: string, statusCode: number, at: Date = this.clock(), eventCode?: string): void {
    const shipment = this.shipments.get(barcode);
    if (!shipment) throw new Error(`no PostNL shipment ${barcode}`);
    shipment.oldStatuses.push(shipment.status);
    shipment.status = { code: statusCode, at };
    if (eventCode) shipment.events.push({ code: eventCode, at });
    this.changes.push({ barcode, code: statusCode, at });
  }

  private customerMismatch(code: unknown, number: unknown, where: string): FakeAnswer | null {
    if (code !== this.customerCode)
      return invalid(`${where}CustomerCode`, 'Combination of customer code and customer number is invalid', '3');
    if (number !== this.customerNumber)
      return invalid(`${where}CustomerNumber`, 'Combination of customer code and customer number is invalid', '3');
    return null;
  }

  private barcode(req: SeenRequest): FakeAnswer {
    const q = req.query;
    if (q.get('CustomerCode') !== this.customerCode || q.get('CustomerNumber') !== this.customerNumber)
      return { status: 400, body: { errors: [{ ErrorMsg: 'Invalid CustomerCode or CustomerNumber', ErrorNumber: '1' }] } };
    if (q.get('Type') !== '3S')
      return { status: 400, body: { errors: [{ ErrorMsg: 'Invalid barcode type', ErrorNumber: '4' }] } };
    const [low = '', high = ''] = (q.get('Serie') ?? '').split('-');
    if (!/^\d+$/.test(low) || !/^\d+$/.test(high) || Number(high) - Number(low) < 100_000)
      return { status: 400, body: { errors: [{ ErrorMsg: 'Too few numbers in series', ErrorNumber: '7' }] } };
    this.serial += 1;
    const barcode = `3S${this.customerCode}${String(Number(low) + this.serial).padStart(low.length, '0')}`;
    if (![13, 15].includes(barcode.length))
      return {
        status: 400,
        body: { errors: [{ ErrorMsg: 'Length of 3S type barcode must be between 13 and 15', ErrorNumber: '10302' }] },
      };
    return { status: 200, body: { Barcode: barcode } };
  }

  private shipmentProblem(s: Obj, i: number): FakeAnswer | null {
    const at = `Shipments[${i}]`;
    if (
      typeof s.Barcode !== 'string' ||
      !new RegExp(`^3S${this.customerCode}\\d+$`).test(s.Barcode) ||
      ![13, 15].includes(s.Barcode.length)
    )
      return invalid(`${at}.Barcode`, 'Barcode is invalid');
    const addresses = Array.isArray(s.Addresses) ? s.Addresses.map(obj) : [];
    const receiver = addresses.findIndex((a) => a.AddressType === '01');
    if (receiver < 0) return invalid(`${at}.Addresses`, 'Receiver address (AddressType 01) is mandatory');
    for (const [j, a] of addresses.entries()) {
      if (typeof a.Zipcode !== 'string' || !/^[0-9A-Z]{4,6}$/.test(a.Zipcode))
        return invalid(`${at}.Addresses[${j}].Zipcode`, 'Zipcode is invalid');
      if (!/^\d+$/.test(String(a.HouseNr ?? ''))) return invalid(`${at}.Addresses[${j}].HouseNr`, 'HouseNr is mandatory');
      if (!['NL', 'BE'].includes(String(a.Countrycode)))
        return invalid(`${at}.Addresses[${j}].Countrycode`, 'Countrycode must be NL or BE');
    }
    if (!(Number(obj(s.Dimension).Weight) > 0)) return invalid(`${at}.Dimension.Weight`, 'Weight is mandatory');
    if (!PRODUCTS.includes(String(s.ProductCodeDelivery)))
      return invalid(`${at}.ProductCodeDelivery`, 'Product code is not allowed');
    const options = Array.isArray(s.ProductOptions) ? s.ProductOptions.map(obj) : [];
    const smart = options.some((o) => o.Characteristic === '152' && o.Option === '025');
    const contacts = Array.isArray(s.Contacts) ? s.Contacts.map(obj) : [];
    if (smart && !contacts.some((c) => c.ContactType === '01' && typeof c.Email === 'string' && c.Email.includes('@')))
      return invalid(`${at}.Contacts[0].Email`, 'E-mail address of the receiver is mandatory for Smart Returns');
    return null;
  }

  private async label(req: SeenRequest): Promise<FakeAnswer> {
    const body = obj(req.body);
    const customer = obj(body.Customer);
    const wrong = this.customerMismatch(customer.CustomerCode, customer.CustomerNumber, 'Customer.');
    if (wrong) return wrong;
    const message = obj(body.Message);
    if (!message.MessageID || typeof message.MessageTimeStamp !== 'string' || !parsePostNLTime(message.MessageTimeStamp))
      return invalid('Message.MessageTimeStamp', 'MessageTimeStamp is invalid');
    const printer = String(message.Printertype ?? '');
    if (!PRINTERS.includes(printer)) return invalid('Message.Printertype', 'Printertype is not supported');
    const shipments = Array.isArray(body.Shipments) ? body.Shipments.map(obj) : [];
    if (shipments.length === 0) return invalid('Shipments', 'At least one shipment is required');
    for (const [i, s] of shipments.entries()) {
      const problem = this.shipmentProblem(s, i);
      if (problem) return problem;
    }
    if (req.query.get('confirm') !== 'false') {
      for (const [i, s] of shipments.entries()) this.confirm(s, i, shipments.length);
    }
    const zpl = printer.startsWith('Zebra');
    const outputType = zpl ? 'ZPL' : 'PDF';
    const labelOf = async (barcodes: string[]) => ({
      Content: (zpl ? zplLabel(barcodes) : await pdfLabel(barcodes)).toString('base64'),
      Labeltype: 'Label',
      OutputType: outputType,
    });
    const barcodes = shipments.map((s) => String(s.Barcode));
    const merged = printer.endsWith('|Merge');
    return {
      status: 200,
      body: {
        MergedLabels: merged ? [{ Barcodes: barcodes, Labels: [await labelOf(barcodes)] }] : [],
        ResponseShipments: await Promise.all(
          shipments.map(async (s) => ({
            Barcode: s.Barcode,
            ProductCodeDelivery: s.ProductCodeDelivery,
            Errors: [],
            Warnings: [],
            Labels: merged ? [] : [await labelOf([String(s.Barcode)])],
          })),
        ),
      },
    };
  }

  /** Announces a parcel (`confirm=true`). A barcode is one parcel: labelling it again announces nothing new. */
  private confirm(s: Obj, i: number, count: number): void {
    const barcode = String(s.Barcode);
    if (this.shipments.has(barcode)) return;
    const group = obj(Array.isArray(s.Groups) ? s.Groups[0] : null);
    const at = this.clock();
    this.shipments.set(barcode, {
      barcode,
      mainBarcode: typeof group.MainBarcode === 'string' ? group.MainBarcode : barcode,
      counter: Number(group.GroupSequence ?? i + 1),
      count: Number(group.GroupCount ?? count),
      reference: typeof s.Reference === 'string' ? s.Reference : null,
      productCode: String(s.ProductCodeDelivery),
      productOptions: (Array.isArray(s.ProductOptions) ? s.ProductOptions.map(obj) : []).map((o) => ({
        Characteristic: String(o.Characteristic),
        Option: String(o.Option),
      })),
      addresses: Array.isArray(s.Addresses) ? s.Addresses.map(obj) : [],
      weightGrams: Number(obj(s.Dimension).Weight),
      status: { code: 1, at },
      oldStatuses: [],
      events: [],
    });
    this.changes.push({ barcode, code: 1, at });
  }

  private statusOf(req: SeenRequest, match: (s: FakePostNLShipment) => boolean): FakeAnswer {
    const found = [...this.shipments.values()].filter(match);
    if (found.length === 0) return { status: 200, body: { Warnings: [{ Message: 'No shipment found', Code: '2' }] } };
    const detail = req.query.get('detail') === 'true';
    const shipments = found.map((s) => this.statusShipment(s, detail));
    return {
      status: 200,
      body: detail ? { CompleteStatus: { Shipment: shipments } } : { CurrentStatus: { Shipment: shipments } },
    };
  }

  private byReference(req: SeenRequest, reference: string): FakeAnswer {
    const wrong = this.customerMismatch(req.query.get('customerCode'), req.query.get('customerNumber'), '');
    if (wrong) return wrong;
    return this.statusOf(req, (s) => s.reference === reference);
  }

  private statusShipment(s: FakePostNLShipment, detail: boolean): Obj {
    return {
      MainBarcode: s.mainBarcode,
      Barcode: s.barcode,
      ShipmentAmount: String(s.count),
      ShipmentCounter: String(s.counter),
      Customer: { CustomerCode: this.customerCode, CustomerNumber: this.customerNumber, Name: 'Retour test shop' },
      ProductCode: s.productCode.padStart(6, '0'),
      ProductDescription: s.productCode === '2285' ? 'Retourzending' : 'Standaard zending',
      Reference: s.reference ?? undefined,
      Dimension: { Weight: String(s.weightGrams) },
      Address: s.addresses.map((a) => ({
        AddressType: a.AddressType,
        FirstName: a.FirstName,
        LastName: a.Name,
        CompanyName: a.CompanyName,
        CountryCode: a.Countrycode,
        Zipcode: a.Zipcode,
        City: a.City,
        Street: a.Street,
        HouseNumber: String(a.HouseNr),
        HouseNumberSuffix: a.HouseNrExt,
      })),
      ProductOptions: s.productOptions.length ? { ProductOption: s.productOptions } : undefined,
      Status: statusEntry(s.status),
      ...(detail
        ? {
            OldStatuses: [...s.oldStatuses, s.status].reverse().map(statusEntry),
            Event: s.events.map((e) => ({
              Code: e.code,
              Description: `Event ${e.code}`,
              LocationCode: '157281',
              TimeStamp: toPostNLTime(e.at),
            })),
          }
        : {}),
    };
  }

  private updated(req: SeenRequest, customerNumber: string): FakeAnswer {
    if (customerNumber !== this.customerNumber) return invalid('customernumber', 'Customer number is invalid', '3');
    const periods = req.query.getAll('period').map(parsePostNLTime);
    const [from, to] = periods;
    if (periods.length !== 2 || !from || !to || to <= from) return invalid('period', 'Two periods (start and end) are required');
    if (to.getTime() - from.getTime() > 2 * 3600_000) return invalid('period', 'The period may span at most 2 hours');
    if (from.getTime() < this.clock().getTime() - 48 * 3600_000)
      return invalid('period', 'The period may start at most 48 hours ago');
    const items = this.changes
      .filter((c) => c.at >= from && c.at < to)
      .map((c) => ({
        Barcode: c.barcode,
        CreationDate: creationDate(c.at),
        CustomerNumber: this.customerNumber,
        CustomerCode: this.customerCode,
        Status: { ...statusEntry(c), Timestamp: toPostNLTime(c.at), TimeStamp: undefined },
      }));
    return { status: 200, body: items };
  }

  private nearest(req: SeenRequest): FakeAnswer {
    if (!req.query.get('CountryCode'))
      return { status: 400, body: { Errors: [{ ErrorCode: '3', ErrorDescription: 'CountryCode is mandatory' }] } };
    if (!req.query.get('PostalCode'))
      return { status: 400, body: { Errors: [{ ErrorCode: '3', ErrorDescription: 'PostalCode is mandatory' }] } };
    return { status: 200, body: { GetLocationsResult: { ResponseLocation: this.locations } } };
  }

  /** Three working days after the fake's today, a morning and an afternoon each (Dutch time). */
  timeframes(): { Date: string; From: string; To: string }[] {
    const frames: { Date: string; From: string; To: string }[] = [];
    const today = this.clock();
    for (let d = 1; frames.length < 6 && d < 10; d++) {
      const day = new Date(today.getTime() + d * 86_400_000);
      const [date = ''] = toPostNLTime(day).split(' ');
      const [dd, mm, yyyy] = date.split('-').map(Number);
      const weekday = fromAmsterdam(yyyy!, mm!, dd!, 12, 0, 0).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      frames.push({ Date: date, From: '09:00:00', To: '13:00:00' }, { Date: date, From: '13:00:00', To: '17:00:00' });
    }
    return frames;
  }

  private quote(req: SeenRequest): FakeAnswer {
    const body = obj(req.body);
    const wrong = this.customerMismatch(body.CustomerCode, body.CustomerNumber, '');
    if (wrong) return wrong;
    const address = obj(body.Address);
    if (typeof address.Zipcode !== 'string' || !/^\d{4}[A-Z]{2}$/.test(address.Zipcode))
      return invalid('Address.Zipcode', 'Zipcode is invalid');
    if (address.Countrycode !== 'NL') return invalid('Address.Countrycode', 'Return on Demand is offered in NL only');
    return { status: 200, body: { Timeframes: this.timeframes() } };
  }

  private purchase(req: SeenRequest): FakeAnswer {
    const body = obj(req.body);
    const wrong = this.customerMismatch(body.CustomerCode, body.CustomerNumber, '');
    if (wrong) return wrong;
    const barcode = String(body.Barcode ?? '');
    if (!this.shipments.has(barcode)) return invalid('Barcode', 'No announced return label with this barcode');
    const frame = obj(body.Timeframe);
    const offered = this.timeframes().find((f) => f.Date === frame.Date && f.From === frame.From && f.To === frame.To);
    if (!offered) return invalid('Timeframe', 'This time frame is not available');
    this.orders += 1;
    const id = `ROD${String(this.orders).padStart(8, '0')}`;
    this.pickups.set(id, { id, barcode, timeframe: offered, cancelled: false });
    return { status: 200, body: { OrderId: id, Barcode: barcode, Timeframe: offered } };
  }

  private cancelPickup(id: string): FakeAnswer {
    const order = this.pickups.get(id);
    if (!order || order.cancelled) return { status: 404, body: { Errors: [{ Code: '404', Description: 'Order not found' }] } };
    order.cancelled = true;
    return { status: 200, body: { OrderId: id, Status: 'Cancelled' } };
  }
}

function statusEntry(s: { code: number; at: Date }): Obj {
  const known = STATUSES[s.code] ?? { text: `Status ${s.code}`, phase: 99 };
  return {
    TimeStamp: toPostNLTime(s.at),
    StatusCode: String(s.code),
    StatusDescription: known.text,
    PhaseCode: String(known.phase),
    PhaseDescription: PHASES[known.phase],
  };
}

/** `updatedshipments` writes its creation dates month first ("11/07/2022 00:00:00"). */
function creationDate(at: Date): string {
  const [date = '', time = ''] = toPostNLPeriod(at).split('T');
  const [y, m, d] = date.split('-');
  return `${m}/${d}/${y} ${time}`;
}

function zplLabel(barcodes: string[]): Buffer {
  return Buffer.from(
    barcodes.map((b) => `^XA^CI28^FO40,40^A0N,40,40^FDPostNL retour^FS^FO40,120^BCN,120,Y,N,N^FD${b}^FS^XZ`).join('\n'),
  );
}

async function pdfLabel(barcodes: string[]): Promise<Buffer> {
  const { doc, done } = openPdf(
    { size: 'A6', margin: 20 },
    { title: 'PostNL label', shopName: 'PostNL', createdAt: new Date(0) },
  );
  barcodes.forEach((b, i) => {
    if (i > 0) doc.addPage();
    doc.fontSize(16).text('PostNL retour').moveDown().fontSize(12).text(b);
  });
  doc.end();
  return done;
}

function defaultLocations(): Obj[] {
  const week = (open: string) =>
    Object.fromEntries(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'].map((d) => [d, { string: open }]));
  return [
    {
      LocationCode: 163043,
      Name: 'Primera Utrecht Centrum',
      Distance: 230,
      Latitude: 52.0907,
      Longitude: 5.1214,
      Address: { Street: 'Oudegracht', HouseNr: 120, HouseNrExt: 'A', Zipcode: '3511AX', City: 'Utrecht', Countrycode: 'NL' },
      DeliveryOptions: { string: ['DO', 'PG', 'RETA'] },
      OpeningHours: { ...week('09:00-18:00'), Saturday: { string: ['09:00-12:30', '13:30-17:00'] } },
    },
    {
      LocationCode: 205118,
      Name: 'PostNL pakketautomaat',
      Distance: 540,
      Latitude: 52.0931,
      Longitude: 5.1102,
      Address: { Street: 'Stationsplein', HouseNr: 9, Zipcode: '3511ED', City: 'Utrecht', Countrycode: 'NL' },
      DeliveryOptions: { string: ['PA', 'DO'] },
      OpeningHours: Object.fromEntries(
        ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d) => [d, { string: '00:00-23:59' }]),
      ),
    },
  ];
}
