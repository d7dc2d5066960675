import {
  cancel,
  close,
  type Disposition,
  decideLines,
  expire,
  type Grade,
  hold,
  inspect,
  type LineState,
  markInTransit,
  markLost,
  type ReturnState,
  receive,
  recordSettlement,
  release,
  resolve,
  submitRequest,
  type TransitionResult,
} from '../domain/returnLifecycle.js';
import { requestedLine } from '../domain/returnState.js';
import type { SettlementKind } from '../domain/settlementStatus.js';
import type { FullRow } from './bulkInsert.js';
import { DAY, MINUTE } from './orders.js';
import type { DemoRandom } from './random.js';
import { commentFor } from './reasons.js';
import type { PlannedLine, ReturnPlan, ReturnRules } from './returnPlans.js';
import { manualSettlement, returnLineRows, returnRow, type ToldReturn } from './returnRows.js';

export interface ReturnRows {
  ret: FullRow<'returns'>;
  lines: FullRow<'return_lines'>[];
  settlements: FullRow<'settlements'>[];
  events: FullRow<'events'>[];
}

type Actor = 'shopper' | 'staff' | 'system';
/** What every story needs besides its plan. */
export interface StoryContext {
  rules: ReturnRules;
  newId: (prefix: string, ms: number) => string;
  /** Reason code → reason id. */
  reasonIds: Map<string, string>;
  /** The policy version that judged every demo return. */
  policyVersionId: string;
}

const REJECTIONS = ['Item shows clear signs of wear', 'Labels removed and item washed', 'Returned item is not from this order'];

/** Why staff refuse a line the policy sent to them, from what the verdict asked them to check. */
function refusalFor(codes: readonly string[]): string | null {
  if (codes.includes('STATUTORY_EXCEPTION_HYGIENE')) return 'Hygiene seal broken';
  if (codes.includes('STATUTORY_EXCEPTION_MEDIA')) return 'Seal of the package broken';
  if (codes.includes('PHOTO_REQUIRED')) return 'Photos do not show the reported damage';
  return null;
}

function grade(r: DemoRandom, reasonCode: string): Grade {
  const faulty = reasonCode === 'defective' || reasonCode === 'damaged_in_transit';
  return r.weighted(
    faulty
      ? ([
          ['B', 10],
          ['C', 25],
          ['D', 35],
          ['F', 30],
        ] as const)
      : ([
          ['A', 60],
          ['B', 25],
          ['C', 10],
          ['D', 5],
        ] as const),
  );
}

function disposition(r: DemoRandom, g: Grade, electronics: boolean): Disposition {
  if (g === 'A' || g === 'B') return 'restock';
  if (g === 'C') return electronics ? 'refurbish' : r.chance(0.3) ? 'donate' : 'liquidate';
  if (g === 'D') return electronics ? 'refurbish' : 'liquidate';
  if (g === 'F') return electronics ? (r.chance(0.6) ? 'return_to_vendor' : 'recycle') : 'recycle';
  return 'return_to_customer';
}

function trackingNumber(r: DemoRandom, plan: ReturnPlan): string | null {
  if (plan.method === 'store') return null;
  if (plan.order.country === 'DE') return `JJD00${r.int(100_000_000, 999_999_999)}${r.int(100_000_000, 999_999_999)}`;
  if (plan.order.country === 'FR') return `6A${r.int(10_000_000_000, 99_999_999_999)}`;
  return `3SNZRT${r.int(1_000_000, 9_999_999)}`;
}

type Transfer = { returnLineId: string; amount: number };

/** The return's lines as they are requested: the policy sends them to a person or lets them through. */
function requestedState(planned: Map<string, PlannedLine>): ReturnState {
  return {
    status: 'requested',
    onHold: false,
    holdReasons: [],
    trackingNumber: null,
    statusReason: null,
    lines: [...planned].map(
      ([id, l]): LineState => requestedLine(id, l.quantity, l.resolution, l.verdict.manualReview || l.verdict.photoRequired),
    ),
  };
}

/** One planned return played through the real lifecycle functions, step by step, each step
 * writing the events the app would have written. The random draws happen in a fixed order, so a
 * seed always tells the same story. */
class ReturnStory implements ToldReturn {
  readonly returnId: string;
  readonly planned: Map<string, PlannedLine>;
  readonly comments: Map<string, string | null>;
  readonly events: FullRow<'events'>[] = [];
  readonly settlements: FullRow<'settlements'>[] = [];
  state: ReturnState;
  last: number;
  approvedAt: number | null = null;
  private readonly t0: number;
  private readonly requester: Actor;

  constructor(
    private readonly r: DemoRandom,
    readonly plan: ReturnPlan,
    readonly number: string,
    private readonly ctx: StoryContext,
  ) {
    this.t0 = plan.createdAt.getTime();
    this.last = this.t0;
    this.returnId = ctx.newId('ret', this.t0);
    this.requester = plan.source === 'portal' ? 'shopper' : 'staff';
    this.planned = new Map(plan.lines.map((l) => [ctx.newId('rl', this.t0), l] as const));
    this.state = requestedState(this.planned);
    const locale = plan.order.customer.person.locale;
    this.comments = new Map([...this.planned].map(([id, l]) => [id, r.chance(0.35) ? commentFor(l.reasonCode, locale) : null]));
  }

  private emit(type: string, at: number, actor: Actor, data: Record<string, unknown>, reason: string | null = null) {
    this.last = at;
    // `{ number, ...data }` as text without copying the data first: a seed writes thousands.
    const rest = JSON.stringify(data);
    const json = `{"number":${JSON.stringify(this.number)}${rest === '{}' ? '}' : `,${rest.slice(1)}`}`;
    this.events.push({
      id: this.ctx.newId('evt', at),
      type,
      subject_type: 'return',
      subject_id: this.returnId,
      return_id: this.returnId,
      actor_type: actor,
      actor_id: null,
      reason,
      data: json,
      occurred_at: new Date(at),
    });
  }

  private step(result: TransitionResult, at: number, actor: Actor) {
    this.state = result.state;
    for (const e of result.events) this.emit(e.type, at, actor, e.data, e.reason ?? null);
  }

  /** The shopper's (or staff's) request, as the app records it. */
  request() {
    const { order } = this.plan;
    this.emit('return.requested', this.t0, this.requester, {
      orderId: order.id,
      orderNumber: order.number,
      source: this.plan.source,
      method: this.plan.method,
      lines: [...this.planned].map(([id, l]) => ({
        orderLineId: l.orderLine.id,
        quantity: l.quantity,
        reasonCode: l.reasonCode,
        comment: this.comments.get(id) ?? null,
        resolution: l.resolution,
        returnLineId: id,
        codes: l.verdict.codes,
      })),
      policy: { versionId: this.ctx.policyVersionId, experimentId: null, arm: null },
      totals: this.plan.totals,
    });
  }

  /** The request and its review: when the return was approved, or null when it was not (yet),
   * which is where the plan stops it. */
  decide(): number | null {
    const { plan, t0 } = this;
    if (plan.status === 'requested') return null;
    const allClear = this.state.lines.every((l) => l.acceptance === 'pending');
    // The risk check holds returns the policy would approve at once but it wants a person to see;
    // what the policy sends to review goes there anyway.
    if (plan.reviewed && allClear && plan.autoApprove) this.step(hold(this.state, plan.holdReason), t0, 'system');
    this.step(submitRequest(this.state, plan.autoApprove), t0, this.requester);
    if (this.state.status !== 'under_review') return t0;
    if (plan.status === 'under_review') return null;
    const decidedAt = t0 + plan.timing.decision;
    if (this.state.onHold) this.step(release(this.state, 'Checked by customer service'), decidedAt - 5 * MINUTE, 'staff');
    const reject = plan.status === 'rejected';
    this.step(decideLines(this.state, this.decisions(reject)), decidedAt, 'staff');
    return reject ? null : decidedAt;
  }

  /** Staff's decision per line. Now and then one item of several fails the check the policy asked
   * for (a broken seal, photos that show no damage) and is refused. */
  private decisions(reject: boolean) {
    const { r, state } = this;
    const refusalOf = (id: string) => refusalFor(this.planned.get(id)?.verdict.codes ?? []);
    const refused =
      !reject && state.lines.length > 1 && r.chance(0.25)
        ? state.lines.find((l) => l.acceptance === 'manual_review' && refusalOf(l.id))
        : undefined;
    return state.lines.map((l) =>
      reject || l === refused
        ? { returnLineId: l.id, decision: 'reject' as const, reason: (l === refused && refusalOf(l.id)) || r.pick(REJECTIONS) }
        : { returnLineId: l.id, decision: 'approve' as const },
    );
  }

  /** From approval on: each status stops the story where the plan says. */
  deliver(approvedAt: number) {
    const { plan } = this;
    const { timing } = plan;
    this.approvedAt = approvedAt;
    const shipBy = approvedAt + this.ctx.rules.shipByDays * DAY;
    if (plan.status === 'approved') return;
    if (plan.status === 'cancelled')
      return this.step(cancel(this.state, 'Decided to keep it'), approvedAt + timing.cancel, 'shopper');
    if (plan.status === 'expired') {
      const at = shipBy + timing.expiryLag;
      return this.step(expire(this.state, new Date(shipBy), new Date(at)), at, 'system');
    }
    const shippedAt = approvedAt + timing.ship;
    // The carrier's first scan moves it in transit.
    this.step(markInTransit(this.state, trackingNumber(this.r, plan)), shippedAt, 'system');
    if (plan.status === 'in_transit') return;
    if (plan.status === 'lost')
      return this.step(markLost(this.state, 'Carrier reports the parcel lost'), shippedAt + timing.lost, 'staff');
    const receivedAt = shippedAt + timing.transit;
    this.receiveGoods(receivedAt);
    if (plan.status === 'received') return;
    const inspectedAt = receivedAt + timing.inspect;
    this.inspectGoods(inspectedAt);
    if (plan.status === 'inspected') return;
    const settledAt = this.settle(inspectedAt + timing.settle);
    // A wrong item is sent back to the shopper, not paid for: staff resolve the rest by hand.
    if (this.state.status !== 'resolved') this.step(resolve(this.state, { returnless: false }), settledAt, 'staff');
    if (plan.status === 'resolved') return;
    this.step(close(this.state), settledAt + timing.close, 'system');
  }

  /** What came out of the parcel: now and then a wrong item, or one unit short. */
  private receiveGoods(at: number) {
    const { r } = this;
    const receipts = this.state.lines
      .filter((l) => l.acceptance === 'approved')
      .map((l) => {
        if (r.chance(0.03)) return { returnLineId: l.id, quantity: l.quantity, wrongItem: true };
        return { returnLineId: l.id, quantity: l.quantity > 1 && r.chance(0.3) ? l.quantity - 1 : l.quantity };
      });
    this.step(receive(this.state, receipts), at, 'staff');
  }

  /** A grade that fits the reason, and where the item goes from there. */
  private inspectGoods(at: number) {
    const inspections = this.state.lines
      .filter((l) => l.quantityReceived > 0)
      .map((l) => {
        const reasonCode = this.planned.get(l.id)?.reasonCode ?? '';
        const electronics = this.planned.get(l.id)?.orderLine.variant.kind === 'electronics';
        const g = l.reception === 'wrong_item' ? 'X' : grade(this.r, reasonCode);
        return { returnLineId: l.id, grade: g, disposition: disposition(this.r, g, electronics) };
      });
    this.step(inspect(this.state, inspections), at, 'staff');
  }

  /** Money for what came back: the paid share of the units received, one settlement per kind.
   * Returns when the last one was paid. */
  private settle(from: number): number {
    let settledAt = from;
    const byKind = new Map<SettlementKind, Transfer[]>();
    for (const l of this.state.lines) {
      if (l.acceptance !== 'approved' || l.reception === 'wrong_item' || l.quantityReceived === 0) continue;
      const ordered = this.planned.get(l.id)!.orderLine;
      const amount = Math.floor((ordered.paid * l.quantityReceived) / ordered.quantity);
      const granted = l.grantedResolution ?? l.requestedResolution;
      // A replacement is settled by the new item, as an exchange; the demo offers no repair or keeping the item.
      const kind: SettlementKind = granted === 'refund' || granted === 'store_credit' ? granted : 'exchange';
      byKind.set(kind, [...(byKind.get(kind) ?? []), { returnLineId: l.id, amount }]);
    }
    for (const [kind, parts] of byKind) {
      this.settleKind(kind, parts, settledAt);
      settledAt += 1000;
    }
    return settledAt;
  }

  private settleKind(kind: SettlementKind, parts: Transfer[], at: number) {
    const { r } = this;
    const id = this.ctx.newId('stl', at);
    const amount = parts.reduce((s, p) => s + p.amount, 0);
    const reference =
      kind === 'refund'
        ? `RF-${r.int(100_000, 999_999)}`
        : kind === 'store_credit'
          ? `GC-${r.int(100_000, 999_999)}`
          : `${this.number}-EX`;
    const currency = this.plan.order.currency;
    this.settlements.push(manualSettlement({ id, returnId: this.returnId, kind, amount, currency, reference }, parts, at));
    const result = recordSettlement(this.state, parts);
    const events = result.events.map((e) =>
      e.type === 'return.settlement_recorded' ? { ...e, data: { ...e.data, settlementId: id, kind } } : e,
    );
    this.step({ ...result, events }, at, 'staff');
  }
}

/** Plays a planned return through the real lifecycle functions (so its lines are exactly what
 * the app would have written) and turns it into rows with a timeline of events. */
export function tellReturn(r: DemoRandom, plan: ReturnPlan, number: string, ctx: StoryContext): ReturnRows {
  const story = new ReturnStory(r, plan, number, ctx);
  story.request();
  const approvedAt = story.decide();
  if (approvedAt !== null) story.deliver(approvedAt);
  if (story.state.status !== plan.status)
    throw new Error(`demo return ${number}: planned ${plan.status}, got ${story.state.status}`);
  const rowContext = { policyVersionId: ctx.policyVersionId, shipByDays: ctx.rules.shipByDays, reasonIds: ctx.reasonIds };
  return {
    ret: returnRow(story, rowContext),
    lines: returnLineRows(story, rowContext),
    settlements: story.settlements,
    events: story.events,
  };
}
