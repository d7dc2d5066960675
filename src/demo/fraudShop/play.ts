import { type AppContext, type CommandMeta, cliActor } from '../../app/kernel/context.js';
import { approveLines } from '../../app/returns/approveLines.js';
import { inspectLines } from '../../app/returns/inspection/inspectLines.js';
import { receiveLines } from '../../app/returns/inspection/receiveLines.js';
import { type RequestReturnInput, requestReturn } from '../../app/returns/requestReturn.js';
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
  const steps: Step[] = [
    ...shop.orders.map((order): Step => ({ at: order.deliveredAt, kind: 'order', order })),
    ...shop.returns.flatMap((ret): Step[] => [
      { at: ret.requestAt, kind: 'request', ret },
      { at: ret.arriveAt, kind: 'arrive', ret },
      { at: ret.inspectAt, kind: 'inspect', ret },
    ]),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || STEP_ORDER[a.kind] - STEP_ORDER[b.kind]);

  const orders = new Map<string, { id: string; customerId: string; lineIds: string[] }>();
  const opened = new Map<SyntheticReturn, { returnId: string; lineIds: string[] }>();
  const result: PlayResult = { orders: 0, requested: 0, refused: 0, received: 0, inspected: 0, failures: {}, ms: 0 };
  // The warehouse and the reviewer: the back office's commands, as `retour` runs them.
  const staff: CommandMeta = { actor: cliActor };
  let batch: SyntheticOrder[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    clock.now = new Date((batch[batch.length - 1] as SyntheticOrder).deliveredAt.getTime() + 60_000);
    for (const [number, o] of await importShopOrders(ctx, shop, batch)) orders.set(number, o);
    result.orders += batch.length;
    batch = [];
  };
  const attempt = async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (e) {
      const code = e instanceof RetourError ? e.code : e instanceof Error ? e.message.slice(0, 60) : String(e);
      result.failures[code] = (result.failures[code] ?? 0) + 1;
      return false;
    }
  };

  let done = 0;
  let baselineReadAt = 0;
  for (const step of steps) {
    if (step.kind === 'order') {
      batch.push(step.order);
      continue;
    }
    await flush();
    clock.now = step.at;
    // The shop's return rate is read again every ten minutes of the wall clock; the shop's ten
    // minutes pass here in a blink, so the copy is dropped by the shop's clock instead.
    if (step.at.getTime() - baselineReadAt >= BASELINE_LIFETIME_MS) {
      ctx.caches.riskBaseline.dropCopy();
      baselineReadAt = step.at.getTime();
    }
    const ret = step.ret;
    if (step.kind === 'request') {
      const order = orders.get(ret.orderNumber);
      if (!order) throw new Error(`return of ${ret.orderNumber} before its order`);
      const input = {
        orderId: order.id,
        source: 'portal',
        lines: ret.lines.map((l) => ({
          orderLineId: order.lineIds[l.line] as string,
          quantity: 1,
          reasonCode: l.reason,
          resolution: 'refund' as const,
        })),
        // What the portal sends besides: the device id it keeps and the IP the request came from.
        client: { device: ret.device, ip: ret.ip },
      } satisfies RequestReturnInput;
      const meta: CommandMeta = { actor: { type: 'shopper', id: order.customerId } };
      const client = { device: ret.device, ip: ret.ip };
      const report = (e: unknown) => {
        result.failures.SIGHTING = (result.failures.SIGHTING ?? 0) + 1;
        log(`[fraud] a sighting was not kept: ${e instanceof Error ? e.message : String(e)}`);
      };
      try {
        // In the portal the shopper looks the order up first; both are seen as the portal sees them.
        await recordSighting(ctx, { kind: 'lookup', orderId: order.id, client }, report);
        const answer = await requestReturn(ctx, meta, input);
        await recordSighting(ctx, { kind: 'request', orderId: order.id, client }, report);
        result.requested++;
        opened.set(ret, { returnId: answer.returnId, lineIds: answer.lines.map((l) => l.id) });
        const waiting = answer.lines.filter((l) => l.acceptance === 'manual_review' || l.acceptance === 'pending');
        // A person looks at what waits for review and, as here nothing is refused by a score, lets it through.
        if (waiting.length > 0)
          await attempt(() =>
            approveLines(ctx, staff, {
              returnId: answer.returnId,
              lines: waiting.map((l) => ({ returnLineId: l.id, reason: 'looked at' })),
            }),
          );
      } catch (e) {
        if (!(e instanceof RetourError)) throw e;
        result.refused++;
        result.failures[e.code] = (result.failures[e.code] ?? 0) + 1;
      }
    } else if (step.kind === 'arrive') {
      const o = opened.get(ret);
      if (!o) continue;
      const ok = await attempt(() =>
        receiveLines(ctx, staff, {
          returnId: o.returnId,
          lines: ret.lines.map((l, i) => ({
            returnLineId: o.lineIds[i] as string,
            quantity: l.received,
            wrongItem: l.wrongItem,
          })),
        }),
      );
      if (ok) result.received++;
    } else {
      const o = opened.get(ret);
      if (!o) continue;
      // Lines with nothing in the parcel cannot be graded; an empty parcel is inspected with no lines.
      const graded = ret.lines.flatMap((l, i) =>
        l.received > 0 || l.wrongItem
          ? [
              {
                returnLineId: o.lineIds[i] as string,
                grade: l.grade,
                disposition: DISPOSITION[l.grade] as Disposition,
                checklist: { unworn: l.unworn, tags_attached: l.tagsAttached },
                note: l.note,
              },
            ]
          : [],
      );
      const ok = await attempt(() => inspectLines(ctx, staff, { returnId: o.returnId, lines: graded }));
      if (ok) result.inspected++;
    }
    if (++done % 500 === 0) log(`[fraud] ${done} steps, ${result.requested} returns asked`);
  }
  await flush();
  result.ms = performance.now() - t0;
  return result;
}
