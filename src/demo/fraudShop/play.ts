import { type AppContext, type CommandMeta, cliActor } from '../../app/kernel/context.js';
import { approveLines } from '../../app/returns/approveLines.js';
import { inspectLines } from '../../app/returns/inspection/inspectLines.js';
import { receiveLines } from '../../app/returns/inspection/receiveLines.js';
import { type RequestReturnInput, type RequestReturnResult, requestReturn } from '../../app/returns/requestReturn.js';
import { recordSighting } from '../../app/risk/portalSightings.js';
import { RetourError } from '../../domain/errors.js';
import type { Disposition } from '../../domain/returnLifecycle.js';
import { importShopOrders, prepareFraudShop } from './setup.js';
import type { FraudShop, SyntheticOrder, SyntheticReturn } from './types.js';

/** The clock the commands read (ctx.now), moved by the player from one moment of the shop's life to the next. */
export interface ShopClock {
  now: Date;
}

export interface PlayResult {
  orders: number;
  requested: number;
  /** Requests the policy refused outright (never the score: it cannot refuse). */
  refused: number;
  received: number;
  inspected: number;
  /** Commands that failed, by error code. */
  failures: Record<string, number>;
  ms: number;
}

type Step =
  | { at: Date; kind: 'order'; order: SyntheticOrder }
  | { at: Date; kind: 'request' | 'arrive' | 'inspect'; ret: SyntheticReturn };

const BASELINE_LIFETIME_MS = 10 * 60_000;

const STEP_ORDER = { order: 0, inspect: 1, arrive: 2, request: 3 } as const;

const DISPOSITION: Record<string, Disposition> = {
  A: 'restock',
  B: 'restock',
  C: 'refurbish',
  D: 'return_to_vendor',
  X: 'return_to_customer',
};

/** Plays the shop's life in time order through the real commands, with the clock at each moment:
 * orders come in when delivered, shoppers ask returns in the portal (with their device and IP),
 * a person approves what waits for review, parcels arrive at the dock and are graded. So the score
 * is worked out exactly as in production, at request and at inspection. */
export async function playFraudShop(
  ctx: AppContext,
  clock: ShopClock,
  shop: FraudShop,
  log: (line: string) => void = () => {},
): Promise<PlayResult> {
  const t0 = performance.now();
  await prepareFraudShop(ctx);
  const player = new ShopPlayer(ctx, clock, shop, log);
  let done = 0;
  for (const step of timeline(shop)) {
    if (!(await player.play(step))) continue;
    if (++done % 500 === 0) log(`[fraud] ${done} steps, ${player.result.requested} returns asked`);
  }
  await player.flush();
  player.result.ms = performance.now() - t0;
  return player.result;
}

/** Every order and every return's three moments, in time order. */
function timeline(shop: FraudShop): Step[] {
  return [
    ...shop.orders.map((order): Step => ({ at: order.deliveredAt, kind: 'order', order })),
    ...shop.returns.flatMap((ret): Step[] => [
      { at: ret.requestAt, kind: 'request', ret },
      { at: ret.arriveAt, kind: 'arrive', ret },
      { at: ret.inspectAt, kind: 'inspect', ret },
    ]),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || STEP_ORDER[a.kind] - STEP_ORDER[b.kind]);
}

class ShopPlayer {
  readonly result: PlayResult = { orders: 0, requested: 0, refused: 0, received: 0, inspected: 0, failures: {}, ms: 0 };
  private readonly orders = new Map<string, { id: string; customerId: string; lineIds: string[] }>();
  private readonly opened = new Map<SyntheticReturn, { returnId: string; lineIds: string[] }>();
  // The warehouse and the reviewer: the back office's commands, as `retour` runs them.
  private readonly staff: CommandMeta = { actor: cliActor };
  // Orders are imported in batches, as soon as a return step needs the ones delivered before it.
  private batch: SyntheticOrder[] = [];
  private baselineReadAt = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly clock: ShopClock,
    private readonly shop: FraudShop,
    private readonly log: (line: string) => void,
  ) {}

  /** False when the step ran no command of its own (an order waiting for its batch, a return never opened). */
  async play(step: Step): Promise<boolean> {
    if (step.kind === 'order') {
      this.batch.push(step.order);
      return false;
    }
    await this.flush();
    this.clock.now = step.at;
    this.dropStaleBaseline(step.at);
    if (step.kind === 'request') {
      await this.request(step.ret);
      return true;
    }
    if (step.kind === 'arrive') return this.arrive(step.ret);
    return this.inspect(step.ret);
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    this.clock.now = new Date((this.batch[this.batch.length - 1] as SyntheticOrder).deliveredAt.getTime() + 60_000);
    for (const [number, o] of await importShopOrders(this.ctx, this.shop, this.batch)) this.orders.set(number, o);
    this.result.orders += this.batch.length;
    this.batch = [];
  }

  // The shop's return rate is read again every ten minutes of the wall clock; the shop's ten
  // minutes pass here in a blink, so the copy is dropped by the shop's clock instead.
  private dropStaleBaseline(at: Date): void {
    if (at.getTime() - this.baselineReadAt < BASELINE_LIFETIME_MS) return;
    this.ctx.caches.riskBaseline.dropCopy();
    this.baselineReadAt = at.getTime();
  }

  /** A failed back-office command is counted by its code and the play goes on. */
  private async attempt(work: () => Promise<unknown>): Promise<boolean> {
    try {
      await work();
      return true;
    } catch (e) {
      const code = e instanceof RetourError ? e.code : e instanceof Error ? e.message.slice(0, 60) : String(e);
      this.result.failures[code] = (this.result.failures[code] ?? 0) + 1;
      return false;
    }
  }

  private async request(ret: SyntheticReturn): Promise<void> {
    const order = this.orders.get(ret.orderNumber);
    if (!order) throw new Error(`return of ${ret.orderNumber} before its order`);
    const input = requestInput(order, ret);
    const meta: CommandMeta = { actor: { type: 'shopper', id: order.customerId } };
    const client = { device: ret.device, ip: ret.ip };
    const report = (e: unknown) => {
      this.result.failures.SIGHTING = (this.result.failures.SIGHTING ?? 0) + 1;
      this.log(`[fraud] a sighting was not kept: ${e instanceof Error ? e.message : String(e)}`);
    };
    try {
      // In the portal the shopper looks the order up first; both are seen as the portal sees them.
      await recordSighting(this.ctx, { kind: 'lookup', orderId: order.id, client }, report);
      const answer = await requestReturn(this.ctx, meta, input);
      await recordSighting(this.ctx, { kind: 'request', orderId: order.id, client }, report);
      this.result.requested++;
      this.opened.set(ret, { returnId: answer.returnId, lineIds: answer.lines.map((l) => l.id) });
      await this.review(answer);
    } catch (e) {
      if (!(e instanceof RetourError)) throw e;
      this.result.refused++;
      this.result.failures[e.code] = (this.result.failures[e.code] ?? 0) + 1;
    }
  }

  // A person looks at what waits for review and, as here nothing is refused by a score, lets it through.
  private async review(answer: RequestReturnResult): Promise<void> {
    const waiting = answer.lines.filter((l) => l.acceptance === 'manual_review' || l.acceptance === 'pending');
    if (waiting.length === 0) return;
    await this.attempt(() =>
      approveLines(this.ctx, this.staff, {
        returnId: answer.returnId,
        lines: waiting.map((l) => ({ returnLineId: l.id, reason: 'looked at' })),
      }),
    );
  }

  private async arrive(ret: SyntheticReturn): Promise<boolean> {
    const o = this.opened.get(ret);
    if (!o) return false;
    const ok = await this.attempt(() =>
      receiveLines(this.ctx, this.staff, {
        returnId: o.returnId,
        lines: ret.lines.map((l, i) => ({
          returnLineId: o.lineIds[i] as string,
          quantity: l.received,
          wrongItem: l.wrongItem,
        })),
      }),
    );
    if (ok) this.result.received++;
    return true;
  }

  private async inspect(ret: SyntheticReturn): Promise<boolean> {
    const o = this.opened.get(ret);
    if (!o) return false;
    const ok = await this.attempt(() =>
      inspectLines(this.ctx, this.staff, { returnId: o.returnId, lines: gradedLines(ret, o.lineIds) }),
    );
    if (ok) this.result.inspected++;
    return true;
  }
}

function requestInput(order: { id: string; lineIds: string[] }, ret: SyntheticReturn): RequestReturnInput {
  return {
    orderId: order.id,
    source: 'portal',
    lines: ret.lines.map((l) => ({
      orderLineId: order.lineIds[l.line] as string,
      quantity: 1,
      reasonCode: l.reason,
      resolution: 'refund',
    })),
    // What the portal sends besides: the device id it keeps and the IP the request came from.
    client: { device: ret.device, ip: ret.ip },
  };
}

// Lines with nothing in the parcel cannot be graded; an empty parcel is inspected with no lines.
function gradedLines(ret: SyntheticReturn, lineIds: string[]) {
  return ret.lines.flatMap((l, i) =>
    l.received > 0 || l.wrongItem
      ? [
          {
            returnLineId: lineIds[i] as string,
            grade: l.grade,
            disposition: DISPOSITION[l.grade] as Disposition,
            checklist: { unworn: l.unworn, tags_attached: l.tagsAttached },
            note: l.note,
          },
        ]
      : [],
  );
}
