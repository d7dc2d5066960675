import type { ShopCredentials } from '../../../src/app/catalog/connections/port.js';
import { CHANNELENGINE_RETURN_REASONS } from '../../../src/domain/marketplaceReturns.js';
import { type FakeAnswer, FakeHttpServer, type SeenRequest } from '../carriers/fakeServer.js';
import { type FakeCeOrder, type FakeCeReturn, fakeOrder } from './fakeChannelEngineData.js';

export { type FakeCeOrder, type FakeCeReturn, fakeLine, fakeOrder } from './fakeChannelEngineData.js';

/** ChannelEngine's envelope around content (lists add paging). */
function envelope(content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    content,
    statusCode: 200,
    requestId: null,
    logId: null,
    success: true,
    message: null,
    validationErrors: {},
    ...extra,
  };
}

/** A refusal in the envelope: `success: false` with validation errors per field. */
export function ceRefusal(status: number, message: string, errors: Record<string, string[]> = {}): FakeAnswer {
  return {
    status,
    body: { content: null, statusCode: status, success: false, message, validationErrors: errors },
  };
}

const now = () => new Date().toISOString();

/**
 * ChannelEngine's Merchant API as a local server under `/api`: the `X-CE-KEY` check (the `apikey`
 * query form is accepted too, as the real one does, and logged for tests to catch), envelopes with
 * a fixed itemsPerPage, orders with their NEW → acknowledge flow, returns made by channels
 * (acknowledged by the merchant) and by the merchant, processing with accepted/rejected units,
 * rate-limit headers and 429 with retry-after, and a helper that calls a webhook URL as
 * ChannelEngine does (`?type=&tenant=&updatedSince=`).
 */
export class FakeChannelEngine extends FakeHttpServer {
  readonly apiKey = 'ce-merchant-key-0123456789';
  readonly tenant = 'retour-test';
  itemsPerPage = 3;
  /** Calls allowed per window before a 429 (the window restarts with `resetRateLimit`). */
  rateLimit = 1000;
  private used = 0;
  readonly orders = new Map<number, FakeCeOrder>();
  readonly returns = new Map<number, FakeCeReturn>();
  private nextReturnId = 5000;

  /** Requests whose work is done but whose answer is lost on the way back (a 502 instead). */
  private readonly lostAnswers: RegExp[] = [];

  constructor() {
    super();
    this.authenticate = (req) => this.checkKey(req);
    this.on('GET', '/api/v2/settings', () => this.ok({ name: this.tenant, companyName: 'Retour Test BV' }));
    this.on('GET', '/api/v2/orders', (req) => this.listOrders(req));
    this.on('GET', '/api/v2/orders/new', (req) =>
      this.paged(
        req,
        this.sorted().filter((o) => o.status === 'NEW'),
      ),
    );
    this.on('POST', '/api/v2/orders/acknowledge', (req) => this.acknowledgeOrder(req));
    this.on('GET', '/api/v2/returns/merchant/new', (req) =>
      this.paged(
        req,
        this.channelReturns()
          .filter((r) => !r.acknowledgedDate)
          .map(returnJson),
      ),
    );
    this.on('GET', '/api/v2/returns/merchant', (req) => {
      const from = req.query.get('fromDate');
      const list = this.channelReturns().filter((r) => !from || r.updatedAt >= new Date(from).toISOString());
      return this.paged(req, list.map(returnJson));
    });
    this.on('GET', '/api/v2/returns/merchant/:orderNo', (_, p) => {
      const list = [...this.returns.values()].filter((r) => r.merchantOrderNo === p.orderNo);
      return this.ok(list.map(returnJson));
    });
    this.on('POST', '/api/v2/returns/merchant/acknowledge', (req) => this.acknowledgeReturn(req));
    this.on('POST', '/api/v2/returns/merchant', (req) => this.declareReturn(req));
    this.on('PUT', '/api/v2/returns', (req) => this.processReturn(req));
  }

  /** Credentials that work against this fake. */
  credentials(over: Partial<ShopCredentials> = {}): ShopCredentials {
    return { shop: this.tenant, apiKey: this.apiKey, baseUrl: this.url, ...over };
  }

  /** Adds an order (bol.com, two lines) and returns it for the test to change. */
  addOrder(id: number, over: Partial<FakeCeOrder> = {}): FakeCeOrder {
    const order = fakeOrder(id, over);
    this.orders.set(id, order);
    return order;
  }

  /** A buyer announces a return on the marketplace: a channel return, not acknowledged yet. */
  announceReturn(
    merchantOrderNo: string,
    lines: { merchantProductNo: string; quantity: number }[],
    reason = 'WRONG_SIZE',
    customerComment: string | null = 'Too small',
  ): FakeCeReturn {
    const order = [...this.orders.values()].find((o) => o.merchantOrderNo === merchantOrderNo);
    if (!order) throw new Error(`no order ${merchantOrderNo}`);
    const id = this.nextReturnId++;
    const ret: FakeCeReturn = {
      id,
      creator: 'channel',
      merchantOrderNo,
      channelOrderNo: order.channelOrderNo,
      channelId: order.channelId,
      globalChannelId: order.globalChannelId,
      globalChannelName: order.globalChannelName,
      merchantReturnNo: null,
      channelReturnNo: `RMA-${id}`,
      status: 'IN_PROGRESS',
      acknowledgedDate: null,
      createdAt: now(),
      updatedAt: now(),
      reason,
      customerComment,
      merchantComment: null,
      refundInclVat: 0,
      refundExclVat: 0,
      returnDate: now(),
      lines: lines.map((l) => ({ ...l, acceptedQuantity: 0, rejectedQuantity: 0 })),
    };
    this.returns.set(id, ret);
    return ret;
  }

  /** The next request to a matching path is carried out, but its answer is lost: a 502 comes back. */
  loseNextAnswer(path: RegExp): void {
    this.lostAnswers.push(path);
  }

  private on(method: string, path: string, handler: (req: SeenRequest, p: Record<string, string>) => FakeAnswer): void {
    this.route(method, path, (req, params) => {
      const answer = handler(req, params);
      const lost = this.lostAnswers.findIndex((p) => p.test(req.path));
      if (lost < 0) return answer;
      this.lostAnswers.splice(lost, 1);
      return { status: 502, body: { message: 'Bad gateway' } };
    });
  }

  /** The window of the rate limit starts again. */
  resetRateLimit(): void {
    this.used = 0;
  }

  /** Calls `url` as ChannelEngine calls a webhook: its type, the tenant and a unix time appended. */
  async callWebhook(
    url: string,
    type: string,
    updatedSince = Math.floor(Date.now() / 1000),
    method: 'GET' | 'POST' = 'POST',
  ): Promise<Response> {
    const target = new URL(url);
    target.searchParams.set('type', type);
    target.searchParams.set('tenant', this.tenant);
    target.searchParams.set('updatedSince', String(updatedSince));
    return fetch(target, { method });
  }

  private checkKey(req: SeenRequest): FakeAnswer | null {
    if (req.headers['x-ce-key'] !== this.apiKey && req.query.get('apikey') !== this.apiKey)
      return { status: 401, body: { message: 'Invalid API key', statusCode: 401, success: false } };
    this.used++;
    if (this.used > this.rateLimit)
      return {
        status: 429,
        body: { statusCode: 429, success: false, message: 'Too many requests' },
        headers: { 'retry-after': '2', 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': '0' },
      };
    return null;
  }

  private ok(content: unknown, extra: Record<string, unknown> = {}): FakeAnswer {
    return {
      status: 200,
      body: envelope(content, extra),
      headers: { 'x-rate-limit-limit': '1', 'x-rate-limit-remaining': String(Math.max(0, this.rateLimit - this.used)) },
    };
  }

  private paged(req: SeenRequest, list: unknown[]): FakeAnswer {
    const page = Math.max(1, Number(req.query.get('page') ?? 1));
    const items = list.slice((page - 1) * this.itemsPerPage, page * this.itemsPerPage);
    return this.ok(items, { count: items.length, totalCount: list.length, itemsPerPage: this.itemsPerPage });
  }

  private sorted(): FakeCeOrder[] {
    return [...this.orders.values()].sort((a, b) => a.id - b.id);
  }

  private channelReturns(): FakeCeReturn[] {
    return [...this.returns.values()].filter((r) => r.creator === 'channel').sort((a, b) => a.id - b.id);
  }

  private listOrders(req: SeenRequest): FakeAnswer {
    const statuses = req.query.getAll('statuses');
    const numbers = req.query.getAll('merchantOrderNos');
    const from = req.query.get('fromUpdatedAtDate');
    const list = this.sorted().filter(
      (o) =>
        (statuses.length ? statuses.includes(o.status) : o.status !== 'AWAITING_PAYMENT') &&
        (!numbers.length || (o.merchantOrderNo !== null && numbers.includes(o.merchantOrderNo))) &&
        (!from || o.updatedAt >= new Date(from).toISOString()),
    );
    return this.paged(req, list);
  }

  private acknowledgeOrder(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as { merchantOrderNo?: string; orderId?: number };
    if (!body.merchantOrderNo) return ceRefusal(400, 'Validation failed', { merchantOrderNo: ['Required'] });
    const order = this.orders.get(Number(body.orderId));
    if (!order) return ceRefusal(404, `Order ${body.orderId} not found`, { orderId: ['Unknown order'] });
    if (order.status !== 'NEW') return ceRefusal(409, 'Order was already acknowledged', { orderId: ['Not NEW'] });
    Object.assign(order, {
      merchantOrderNo: body.merchantOrderNo,
      status: 'IN_PROGRESS',
      acknowledgedDate: now(),
      updatedAt: now(),
    });
    return this.ok(null);
  }

  private acknowledgeReturn(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as { returnId?: number; merchantReturnNo?: string };
    const ret = this.returns.get(Number(body.returnId));
    if (!ret) return ceRefusal(404, `Return ${body.returnId} not found`, { returnId: ['Unknown return'] });
    if (!body.merchantReturnNo) return ceRefusal(400, 'Validation failed', { merchantReturnNo: ['Required'] });
    if (ret.acknowledgedDate && ret.merchantReturnNo !== body.merchantReturnNo)
      return ceRefusal(409, 'Return already acknowledged', { returnId: ['Already acknowledged'] });
    Object.assign(ret, { merchantReturnNo: body.merchantReturnNo, acknowledgedDate: now(), updatedAt: now() });
    return this.ok(null);
  }

  private declareReturn(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as {
      merchantOrderNo?: string;
      merchantReturnNo?: string;
      lines?: { merchantProductNo: string; quantity: number }[];
      reason?: string;
      customerComment?: string | null;
      merchantComment?: string | null;
    };
    const order = [...this.orders.values()].find((o) => o.merchantOrderNo === body.merchantOrderNo);
    if (!order) return ceRefusal(400, 'Validation failed', { merchantOrderNo: ['Order not found'] });
    if (!body.merchantReturnNo) return ceRefusal(400, 'Validation failed', { merchantReturnNo: ['Required'] });
    if ([...this.returns.values()].some((r) => r.merchantReturnNo === body.merchantReturnNo))
      return ceRefusal(409, 'Validation failed', { merchantReturnNo: ['A return with this number already exists'] });
    if (!CHANNELENGINE_RETURN_REASONS.includes(body.reason as never))
      return ceRefusal(400, 'Validation failed', { reason: [`Unknown reason ${body.reason}`] });
    const lines = body.lines ?? [];
    const unknown = lines.find((l) => !order.lines.some((o) => o.merchantProductNo === l.merchantProductNo));
    if (!lines.length || unknown)
      return ceRefusal(400, 'Validation failed', { 'lines[0].merchantProductNo': ['Not a product of this order'] });
    const id = this.nextReturnId++;
    this.returns.set(id, {
      id,
      creator: 'merchant',
      merchantOrderNo: order.merchantOrderNo ?? '',
      channelOrderNo: order.channelOrderNo,
      channelId: order.channelId,
      globalChannelId: order.globalChannelId,
      globalChannelName: order.globalChannelName,
      merchantReturnNo: body.merchantReturnNo,
      channelReturnNo: null,
      status: 'IN_PROGRESS',
      acknowledgedDate: now(),
      createdAt: now(),
      updatedAt: now(),
      reason: body.reason ?? 'OTHER',
      customerComment: body.customerComment ?? null,
      merchantComment: body.merchantComment ?? null,
      refundInclVat: 0,
      refundExclVat: 0,
      returnDate: now(),
      lines: lines.map((l) => ({ ...l, acceptedQuantity: 0, rejectedQuantity: 0 })),
    });
    // ChannelEngine answers a command with the envelope alone.
    return { status: 201, body: envelope(null, { statusCode: 201 }) };
  }

  private processReturn(req: SeenRequest): FakeAnswer {
    const body = (req.body ?? {}) as {
      returnId?: number;
      lines?: { merchantProductNo: string; acceptedQuantity: number; rejectedQuantity: number }[];
    };
    const ret = this.returns.get(Number(body.returnId));
    if (!ret) return ceRefusal(404, `Return ${body.returnId} not found`, { returnId: ['Unknown return'] });
    for (const [i, line] of (body.lines ?? []).entries()) {
      const own = ret.lines.find((l) => l.merchantProductNo === line.merchantProductNo);
      if (!own) return ceRefusal(400, 'Validation failed', { [`lines[${i}].merchantProductNo`]: ['Not in this return'] });
      if (line.acceptedQuantity + line.rejectedQuantity > own.quantity)
        return ceRefusal(400, 'Validation failed', { [`lines[${i}].acceptedQuantity`]: ['More than returned'] });
    }
    for (const line of body.lines ?? []) {
      const own = ret.lines.find((l) => l.merchantProductNo === line.merchantProductNo);
      if (own) Object.assign(own, { acceptedQuantity: line.acceptedQuantity, rejectedQuantity: line.rejectedQuantity });
    }
    Object.assign(ret, { status: 'RECEIVED', updatedAt: now() });
    return this.ok(null);
  }
}

/** A return as ChannelEngine answers it (the fake's bookkeeping fields left out). */
function returnJson(r: FakeCeReturn): Record<string, unknown> {
  const { creator: _creator, lines, ...rest } = r;
  return { ...rest, lines: lines.map((l) => ({ merchantProductNo: l.merchantProductNo, quantity: l.quantity, extraData: {} })) };
}
