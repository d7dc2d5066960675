import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A payment the fake provider knows: what was paid and what has been refunded of it. */
interface FakePayment {
  id: string;
  amount: number;
  currency: string;
  refunds: FakeRefund[];
}

interface FakeRefund {
  id: string;
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  createdAt: Date;
}

/** A hosted payment page for an amount; `payLink` plays the shopper paying on it. */
interface FakeLink {
  id: string;
  amount: number;
  currency: string;
  description: string;
  url: string;
  expiresAt: Date | null;
  active: boolean;
  /** The payment made through it, once paid. */
  paymentId: string | null;
  paidAt: Date | null;
  /** Stripe: the shopper finished checkout with a method that settles later (SEPA debit). */
  processing?: boolean;
  metadata: Record<string, string>;
}

interface StoredAnswer {
  bodyHash: string;
  status: number;
  body: unknown;
}

/** Marks an answer that is never sent: the connection is dropped instead. */
const DROP = -1;

/**
 * Local stand-ins for Mollie's and Stripe's refund APIs over real HTTP, answering as their
 * documentation describes: authentication by secret key, the refund objects and error bodies of
 * each, refundable-amount checks, and Idempotency-Key handling (a repeat with the same key and
 * body gets the first answer; the same key with another body is refused; a repeat while the first
 * is still in flight gets 409). Tests can make calls fail or hold the answer back after the
 * refund was made, to play a crash between the provider's work and Retour's commit.
 */
export class FakePaymentProvider {
  readonly payments = new Map<string, FakePayment>();
  readonly links = new Map<string, FakeLink>();
  private readonly prices = new Map<string, { amount: number; currency: string; name: string }>();
  private readonly answers = new Map<string, StoredAnswer>();
  private readonly inFlight = new Set<string>();
  private server: Server | null = null;
  /** Status codes for the next refund calls, one each (e.g. 503), before they touch anything. */
  failNext: number[] = [];
  /** While held, refund calls record the refund and then wait for `releaseAnswers` before answering
   * (a slow provider: the server can be killed between the refund and its answer). */
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;
  /** Refund calls to answer by dropping the connection after the refund was made (a lost answer). */
  dropAnswers = 0;
  requests = 0;

  /** Refund calls from now on wait with their answer until `releaseAnswers`. */
  holdAnswers() {
    this.held ??= new Promise((resolve) => {
      this.release = resolve;
    });
  }

  /** Answers the refund calls that wait, and the ones after them at once. */
  releaseAnswers() {
    this.release?.();
    this.held = null;
    this.release = null;
  }
  url = '';

  constructor(
    readonly kind: 'mollie' | 'stripe',
    readonly apiKey = kind === 'mollie'
      ? `test_${randomBytes(12).toString('hex')}`
      : `sk_test_${randomBytes(12).toString('hex')}`,
  ) {}

  /** Makes a payment the provider can refund, and returns its id. */
  addPayment(amount: number, currency = 'EUR'): string {
    const id = this.kind === 'mollie' ? `tr_${randomBytes(5).toString('hex')}` : `pi_${randomBytes(8).toString('hex')}`;
    this.payments.set(id, { id, amount, currency, refunds: [] });
    return id;
  }

  /** The shopper pays on a link's page: a payment for its amount is made and the link is used up. */
  payLink(id: string): string {
    const link = this.links.get(id);
    if (!link) throw new Error(`no payment link ${id}`);
    if (link.paymentId) return link.paymentId;
    link.processing = false;
    link.paymentId = this.addPayment(link.amount, link.currency);
    link.paidAt = new Date();
    if (this.kind === 'stripe') link.active = false;
    return link.paymentId;
  }

  /** Stripe: checkout completes but the money is still on its way; the link is used up. */
  startSlowPayment(id: string): void {
    const link = this.links.get(id);
    if (!link) throw new Error(`no payment link ${id}`);
    link.processing = true;
    link.active = false;
  }

  /** The link made for a Retour reference (Stripe: metadata; Mollie: the description names it). */
  linkFor(reference: string): FakeLink | undefined {
    return [...this.links.values()].find((l) => l.metadata.reference === reference || l.description.includes(reference));
  }

  /** Every refund made, across payments. */
  get refunds(): FakeRefund[] {
    return [...this.payments.values()].flatMap((p) => p.refunds);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.releaseAnswers();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      if (status === DROP) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(status, { 'content-type': this.kind === 'mollie' ? 'application/hal+json' : 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.apiKey}`)
      return send(401, this.error(401, 'authentication', 'Invalid API key'));
    const url = new URL(req.url ?? '/', 'http://fake');
    if (this.kind === 'mollie') return this.mollie(req, url, raw, send);
    return this.stripe(req, url, raw, send);
  }

  private error(status: number, code: string, message: string, param?: string) {
    if (this.kind === 'mollie')
      return {
        status,
        title: status === 401 ? 'Unauthorized Request' : 'Unprocessable Entity',
        detail: message,
        ...(param ? { field: param } : {}),
      };
    return {
      error: {
        type: 'invalid_request_error',
        code,
        message,
        ...(param ? { param } : {}),
      },
    };
  }

  /** Applies the Idempotency-Key rules around making a refund. */
  private async idempotent(
    key: string | undefined,
    raw: string,
    make: () => { status: number; body: unknown },
    send: (status: number, body: unknown) => void,
  ) {
    const next = this.failNext.shift();
    if (next) return send(next, this.error(next, 'api_error', 'Something went wrong on our side'));
    const bodyHash = createHash('sha256').update(raw).digest('hex');
    if (key) {
      const stored = this.answers.get(key);
      if (stored) {
        if (stored.bodyHash !== bodyHash)
          return send(
            this.kind === 'mollie' ? 422 : 400,
            this.kind === 'mollie'
              ? this.error(422, 'idempotency', 'The Idempotency-Key was used before with another request body')
              : {
                  error: {
                    type: 'idempotency_error',
                    message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
                  },
                },
          );
        return send(stored.status, stored.body);
      }
      if (this.inFlight.has(key))
        return send(409, this.error(409, 'idempotency', 'A request with this Idempotency-Key is still being processed'));
      this.inFlight.add(key);
    }
    const answer = make();
    if (key) {
      this.answers.set(key, { bodyHash, ...answer });
      if (this.held) await this.held;
      this.inFlight.delete(key);
    }
    if (this.dropAnswers > 0 && answer.status < 300) {
      this.dropAnswers--;
      return send(DROP, null);
    }
    send(answer.status, answer.body);
  }

  private refundable(p: FakePayment) {
    return p.amount - p.refunds.reduce((s, r) => s + r.amount, 0);
  }

  private mollieRefund(p: FakePayment, r: FakeRefund) {
    return {
      resource: 'refund',
      id: r.id,
      amount: { currency: r.currency, value: (r.amount / 100).toFixed(2) },
      status: 'pending',
      description: r.metadata.description ?? '',
      metadata: { settlementId: r.metadata.settlementId, returnNumber: r.metadata.returnNumber },
      paymentId: p.id,
      createdAt: r.createdAt.toISOString(),
      _links: { self: { href: `${this.url}/v2/payments/${p.id}/refunds/${r.id}`, type: 'application/hal+json' } },
    };
  }

  private mollieLink(l: FakeLink) {
    return {
      resource: 'payment-link',
      id: l.id,
      mode: 'test',
      description: l.description,
      amount: { currency: l.currency, value: (l.amount / 100).toFixed(2) },
      archived: !l.active,
      paidAt: l.paidAt?.toISOString() ?? null,
      expiresAt: l.expiresAt?.toISOString() ?? null,
      createdAt: new Date().toISOString(),
      _links: {
        self: { href: `${this.url}/v2/payment-links/${l.id}`, type: 'application/hal+json' },
        paymentLink: { href: l.url, type: 'text/html' },
      },
    };
  }

  private async mollieLinks(req: IncomingMessage, url: URL, raw: string, send: (s: number, b: unknown) => void) {
    const [, id, sub] = url.pathname.match(/^\/v2\/payment-links(?:\/([^/]+))?(\/payments)?$/) ?? [];
    if (!id) {
      if (req.method !== 'POST') return send(405, this.error(405, 'method', 'Method not allowed'));
      return this.idempotent(
        req.headers['idempotency-key'] as string | undefined,
        raw,
        () => {
          const body = JSON.parse(raw || '{}') as {
            description?: string;
            amount?: { currency?: string; value?: string };
            expiresAt?: string;
          };
          if (!body.description)
            return { status: 422, body: this.error(422, 'description', 'The description is missing', 'description') };
          const value = body.amount?.value;
          if (!value || !/^\d+\.\d{2}$/.test(value) || !body.amount?.currency)
            return { status: 422, body: this.error(422, 'amount', 'The amount is invalid', 'amount') };
          const linkId = `pl_${randomBytes(8).toString('hex')}`;
          const link: FakeLink = {
            id: linkId,
            amount: Math.round(Number(value) * 100),
            currency: body.amount.currency,
            description: body.description,
            url: `${this.url}/pay/${linkId}`,
            expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
            active: true,
            paymentId: null,
            paidAt: null,
            metadata: {},
          };
          this.links.set(linkId, link);
          return { status: 201, body: this.mollieLink(link) };
        },
        send,
      );
    }
    const link = this.links.get(decodeURIComponent(id));
    if (!link) return send(404, this.error(404, 'not_found', `No payment link exists with token ${id}`));
    if (sub) {
      const payments = link.paymentId ? [{ resource: 'payment', id: link.paymentId, status: 'paid' }] : [];
      return send(200, { count: payments.length, _embedded: { payments }, _links: { next: null } });
    }
    if (req.method === 'PATCH') {
      const body = JSON.parse(raw || '{}') as { archived?: boolean };
      if (body.archived === true) link.active = false;
      return send(200, this.mollieLink(link));
    }
    return send(200, this.mollieLink(link));
  }

  private async mollie(req: IncomingMessage, url: URL, raw: string, send: (s: number, b: unknown) => void) {
    if (url.pathname.startsWith('/v2/payment-links')) return this.mollieLinks(req, url, raw, send);
    const match = url.pathname.match(/^\/v2\/payments\/([^/]+)\/refunds$/);
    const payment = match ? this.payments.get(decodeURIComponent(match[1] ?? '')) : undefined;
    if (!match) return send(404, this.error(404, 'not_found', 'The resource does not exist'));
    if (!payment) return send(404, this.error(404, 'not_found', `No payment exists with token ${match[1]}`));
    if (req.method === 'GET') {
      const refunds = payment.refunds.map((r) => this.mollieRefund(payment, r));
      return send(200, { count: refunds.length, _embedded: { refunds }, _links: { next: null, previous: null } });
    }
    if (req.method !== 'POST') return send(405, this.error(405, 'method', 'Method not allowed'));
    const key = req.headers['idempotency-key'] as string | undefined;
    await this.idempotent(
      key,
      raw,
      () => {
        let body: { amount?: { currency?: string; value?: string }; description?: string; metadata?: Record<string, string> };
        try {
          body = JSON.parse(raw);
        } catch {
          return { status: 400, body: this.error(400, 'json', 'The request body is not valid JSON') };
        }
        const value = body.amount?.value;
        if (!value || !/^\d+\.\d{2}$/.test(value) || body.amount?.currency !== payment.currency)
          return { status: 422, body: this.error(422, 'amount', 'The amount is invalid', 'amount') };
        const amount = Math.round(Number(value) * 100);
        if (amount > this.refundable(payment))
          return {
            status: 422,
            body: this.error(422, 'amount', 'The amount is higher than the amount that is refundable for this payment', 'amount'),
          };
        const refund: FakeRefund = {
          id: `re_${randomBytes(5).toString('hex')}`,
          amount,
          currency: payment.currency,
          metadata: { ...(body.metadata ?? {}), description: body.description ?? '' },
          createdAt: new Date(),
        };
        payment.refunds.push(refund);
        return { status: 201, body: this.mollieRefund(payment, refund) };
      },
      send,
    );
  }

  private stripeRefund(p: FakePayment, r: FakeRefund) {
    return {
      id: r.id,
      object: 'refund',
      amount: r.amount,
      currency: r.currency.toLowerCase(),
      payment_intent: p.id,
      reason: 'requested_by_customer',
      status: 'succeeded',
      metadata: r.metadata,
      created: Math.floor(r.createdAt.getTime() / 1000),
    };
  }

  private stripeLink(l: FakeLink) {
    return { id: l.id, object: 'payment_link', active: l.active, url: l.url, metadata: l.metadata, livemode: false };
  }

  private async stripeLinks(req: IncomingMessage, url: URL, raw: string, send: (s: number, b: unknown) => void) {
    const form = new URLSearchParams(raw);
    const key = req.headers['idempotency-key'] as string | undefined;
    if (url.pathname === '/v1/prices' && req.method === 'POST') {
      return this.idempotent(
        key,
        raw,
        () => {
          const amount = Number(form.get('unit_amount'));
          if (!Number.isInteger(amount) || amount < 0)
            return { status: 400, body: this.error(400, 'parameter_invalid_integer', 'Invalid integer', 'unit_amount') };
          if (!form.get('currency'))
            return { status: 400, body: this.error(400, 'parameter_missing', 'Missing currency', 'currency') };
          const id = `price_${randomBytes(8).toString('hex')}`;
          this.prices.set(id, {
            amount,
            currency: String(form.get('currency')).toUpperCase(),
            name: form.get('product_data[name]') ?? '',
          });
          return { status: 200, body: { id, object: 'price', unit_amount: amount, currency: form.get('currency') } };
        },
        send,
      );
    }
    if (url.pathname === '/v1/payment_links' && req.method === 'POST') {
      return this.idempotent(
        key,
        raw,
        () => {
          const price = this.prices.get(form.get('line_items[0][price]') ?? '');
          if (!price) return { status: 400, body: this.error(400, 'resource_missing', 'No such price', 'line_items[0][price]') };
          const id = `plink_${randomBytes(8).toString('hex')}`;
          const metadata: Record<string, string> = {};
          for (const [k, v] of form) {
            const m = k.match(/^metadata\[(.+)\]$/);
            if (m?.[1]) metadata[m[1]] = v;
          }
          const link: FakeLink = {
            id,
            amount: price.amount * Number(form.get('line_items[0][quantity]') ?? 1),
            currency: price.currency,
            description: price.name,
            url: `${this.url}/pay/${id}`,
            expiresAt: null,
            active: true,
            paymentId: null,
            paidAt: null,
            metadata,
          };
          this.links.set(id, link);
          return { status: 200, body: this.stripeLink(link) };
        },
        send,
      );
    }
    const m = url.pathname.match(/^\/v1\/payment_links\/([^/]+)$/);
    if (m) {
      const link = this.links.get(decodeURIComponent(m[1] ?? ''));
      if (!link) return send(404, this.error(404, 'resource_missing', 'No such payment_link'));
      if (req.method === 'POST' && form.get('active') === 'false') link.active = false;
      return send(200, this.stripeLink(link));
    }
    if (url.pathname === '/v1/checkout/sessions' && req.method === 'GET') {
      const link = this.links.get(url.searchParams.get('payment_link') ?? '');
      const data = link?.paymentId
        ? [
            {
              id: `cs_${link.id}`,
              object: 'checkout.session',
              payment_link: link.id,
              status: 'complete',
              payment_status: 'paid',
              payment_intent: link.paymentId,
              created: Math.floor((link.paidAt ?? new Date()).getTime() / 1000),
            },
          ]
        : link?.processing
          ? [
              {
                id: `cs_${link.id}`,
                object: 'checkout.session',
                payment_link: link.id,
                status: 'complete',
                payment_status: 'unpaid',
                payment_intent: `pi_${link.id}`,
                created: Math.floor(Date.now() / 1000),
              },
            ]
          : [];
      return send(200, { object: 'list', data, has_more: false, url: '/v1/checkout/sessions' });
    }
    return send(404, this.error(404, 'resource_missing', 'Unrecognized request URL'));
  }

  private async stripe(req: IncomingMessage, url: URL, raw: string, send: (s: number, b: unknown) => void) {
    if (url.pathname !== '/v1/refunds') return this.stripeLinks(req, url, raw, send);
    if (url.pathname !== '/v1/refunds') return send(404, this.error(404, 'resource_missing', 'Unrecognized request URL'));
    if (req.method === 'GET') {
      const payment = this.payments.get(url.searchParams.get('payment_intent') ?? '');
      if (!payment) return send(404, this.error(404, 'resource_missing', 'No such payment_intent', 'payment_intent'));
      const all = [...payment.refunds].reverse().map((r) => this.stripeRefund(payment, r));
      const after = url.searchParams.get('starting_after');
      const from = after ? all.findIndex((r) => r.id === after) + 1 : 0;
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const data = all.slice(from, from + limit);
      return send(200, { object: 'list', data, has_more: from + limit < all.length, url: '/v1/refunds' });
    }
    if (req.method !== 'POST') return send(405, this.error(405, 'method', 'Method not allowed'));
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return send(400, this.error(400, 'parameter_invalid', 'Expected a form-encoded body'));
    const key = req.headers['idempotency-key'] as string | undefined;
    await this.idempotent(
      key,
      raw,
      () => {
        const form = new URLSearchParams(raw);
        const payment = this.payments.get(form.get('payment_intent') ?? '');
        if (!payment)
          return { status: 404, body: this.error(404, 'resource_missing', 'No such payment_intent', 'payment_intent') };
        const amount = Number(form.get('amount') ?? this.refundable(payment));
        if (!Number.isInteger(amount) || amount <= 0)
          return { status: 400, body: this.error(400, 'parameter_invalid_integer', 'Invalid positive integer', 'amount') };
        if (this.refundable(payment) === 0)
          return { status: 400, body: this.error(400, 'charge_already_refunded', 'This charge has already been refunded') };
        if (amount > this.refundable(payment))
          return {
            status: 400,
            body: this.error(400, 'amount_too_large', `Refund amount is greater than unrefunded amount on charge`, 'amount'),
          };
        const metadata: Record<string, string> = {};
        for (const [k, v] of form) {
          const m = k.match(/^metadata\[(.+)\]$/);
          if (m?.[1]) metadata[m[1]] = v;
        }
        const refund: FakeRefund = {
          id: `re_${randomBytes(8).toString('hex')}`,
          amount,
          currency: payment.currency,
          metadata,
          createdAt: new Date(),
        };
        payment.refunds.push(refund);
        return { status: 200, body: this.stripeRefund(payment, refund) };
      },
      send,
    );
  }
}
