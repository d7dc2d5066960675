import type { Resolution } from '../returnLifecycle.js';
import type { VerdictCode } from './codes.js';
import type { LineVerdict, PolicyVerdict } from './evaluate.js';

/** The policy simulator's arithmetic: past returns and orders are judged twice, by the policy in
 * force (`current`) and by a candidate version, and the verdicts are folded into one report. Pure:
 * the application loads the facts and runs the engine, this only counts. */

export const SPLIT_KEYS = ['refund', 'store_credit', 'exchange', 'other'] as const;
export type SplitKey = (typeof SPLIT_KEYS)[number];
export const SIMULATION_SIDES = ['current', 'candidate'] as const;
export type SimulationSide = (typeof SIMULATION_SIDES)[number];
/** At most this many changed lines are listed as examples. */
export const CHANGE_SAMPLE_SIZE = 20;
/** A line that never came back has no real moment to judge it at, so one is assumed: a week
 * after delivery, when most returns are asked for. Only these lines use it. */
export const ORDER_REPLAY_DAYS_AFTER_DELIVERY = 7;
const DAY_MS = 86_400_000;

/**
 * The instant an order line is judged at in the orders replay. A line that came back is judged when
 * it was first asked back (the days after delivery it really took), so a longer or shorter window
 * shows on the lines that came back late; a line that never came back is judged
 * ORDER_REPLAY_DAYS_AFTER_DELIVERY days after its delivery. Never later than `now`; an undelivered
 * line that never came back is judged now.
 */
export function orderLineReplayAt(deliveredAt: Date | null, firstReturnedAt: Date | null, now: Date): Date {
  if (firstReturnedAt) return new Date(Math.min(firstReturnedAt.getTime(), now.getTime()));
  if (!deliveredAt) return now;
  return new Date(Math.min(deliveredAt.getTime() + ORDER_REPLAY_DAYS_AFTER_DELIVERY * DAY_MS, now.getTime()));
}

export interface SideSummary {
  /** Returns replayed, those whose every line is eligible, and those the policy would approve unseen. */
  returns: number;
  returnsEligible: number;
  returnsAutoApproved: number;
  /** Return lines judged: eligible + ineligible = lines. */
  lines: number;
  eligible: number;
  ineligible: number;
  /** Eligible lines a person looks at before approval: a review code (manual review, sealed goods,
   * blocked customer within their rights, warranty claim), photos required, or no auto-approval. */
  review: number;
  /** Eligible lines whose chosen resolution this policy does not allow (they move, see the split). */
  resolutionSwitched: number;
  /** Minor units, summed over the replayed returns (the shop's currency). */
  restockingFees: number;
  returnShippingFees: number;
  bonus: number;
  /** Eligible lines by the resolution they are expected to end in (see `expectedResolution`), and
   * the value of their goods (what was paid for the units, before fees and bonus). */
  split: { lines: Record<SplitKey, number>; value: Record<SplitKey, number> };
  /** Lines carrying each verdict code. */
  codes: Partial<Record<VerdictCode, number>>;
  /** Returns carrying each return-level code (shipping fee, waiver, undisclosed fee). */
  returnCodes: Partial<Record<VerdictCode, number>>;
}

export interface ChangedLine {
  returnNumber: string;
  orderLineId: string;
  /** When the return was requested (ISO), the sample keeps the most recent changes. */
  requestedAt: string | null;
  eligibleBefore: boolean;
  eligibleAfter: boolean;
  codesBefore: VerdictCode[];
  codesAfter: VerdictCode[];
}

export interface SimulationChanges {
  /** Line pairs (current, candidate): becameEligible + becameIneligible + unchanged = pairs. */
  pairs: number;
  becameEligible: number;
  becameIneligible: number;
  /** Same eligibility on both sides. */
  unchanged: number;
  /** Of the unchanged, lines whose codes differ (another fee, deadline, review…). */
  codesChanged: number;
  /** Lines eligible on both sides expected to end in another resolution. */
  resolutionChanged: number;
  /** Up to CHANGE_SAMPLE_SIZE lines whose eligibility flipped, most recent request first. */
  sample: ChangedLine[];
}

export interface OrderEligibility {
  eligible: number;
  ineligible: number;
}

/** Every line of the orders placed in the window, judged as a request to return all of it with no
 * reason (at the instant `orderLineReplayAt` gives): what the policy opens or closes beyond the
 * lines that were in fact returned. */
export interface OrdersReplay {
  orders: number;
  lines: number;
  /** Of the lines, those judged when they really came back (the rest at the assumed instant). */
  linesAtReturn: number;
  /** Lines that never came back are asked back this many days after delivery. */
  assumedDaysAfterDelivery: number;
  current: OrderEligibility;
  candidate: OrderEligibility;
  /** Lines ineligible now and eligible under the candidate, and the reverse. */
  opened: number;
  closed: number;
}

export interface SimulationResult {
  sides: Record<SimulationSide, SideSummary>;
  changes: SimulationChanges;
  orders: OrdersReplay;
}

/** One replayed return: what the shopper chose per line (in the order of the selection the engine
 * was given), and the verdict of each side. */
export interface ReplayedReturn {
  returnNumber: string;
  requestedAt?: Date | null;
  chosen: { orderLineId: string; resolution: Resolution | null }[];
  current: PolicyVerdict;
  candidate: PolicyVerdict;
}

/**
 * The resolution a line is expected to end in under a policy. The shopper keeps the resolution they
 * chose when the policy allows it for that line; otherwise (or when they chose none) they take the
 * first resolution the policy allows for that line, in the policy's order — the portal offers them
 * in that order, so it is the most likely pick. Null when nothing is allowed (the line is then
 * ineligible, NO_RESOLUTION_ALLOWED).
 */
export function expectedResolution(chosen: Resolution | null | undefined, allowed: readonly Resolution[]): Resolution | null {
  if (chosen && allowed.includes(chosen)) return chosen;
  return allowed[0] ?? null;
}

/** The split bucket of a resolution: replacement, repair and keep (warranty and staff outcomes) are `other`. */
export function splitKey(resolution: Resolution | null): SplitKey {
  return resolution === 'refund' || resolution === 'store_credit' || resolution === 'exchange' ? resolution : 'other';
}

/** Pairs each verdict line with the shopper's choice for it, by order line id; a line listed twice
 * takes the choices in turn. */
export function chosenResolutions(lines: readonly LineVerdict[], chosen: ReplayedReturn['chosen']): (Resolution | null)[] {
  const queues = new Map<string, (Resolution | null)[]>();
  for (const c of chosen) {
    const queue = queues.get(c.orderLineId) ?? [];
    queue.push(c.resolution);
    queues.set(c.orderLineId, queue);
  }
  return lines.map((l) => queues.get(l.orderLineId)?.shift() ?? null);
}

const emptySplit = (): Record<SplitKey, number> => ({ refund: 0, store_credit: 0, exchange: 0, other: 0 });

export function emptySideSummary(): SideSummary {
  return {
    returns: 0,
    returnsEligible: 0,
    returnsAutoApproved: 0,
    lines: 0,
    eligible: 0,
    ineligible: 0,
    review: 0,
    resolutionSwitched: 0,
    restockingFees: 0,
    returnShippingFees: 0,
    bonus: 0,
    split: { lines: emptySplit(), value: emptySplit() },
    codes: {},
    returnCodes: {},
  };
}

const needsReview = (v: LineVerdict) => v.manualReview || v.photoRequired || !v.autoApprove;
const sameCodes = (a: readonly VerdictCode[], b: readonly VerdictCode[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/** Folds replayed returns and orders into a SimulationResult; the order of the calls matters for
 * nothing (the sample is ordered by request time). */
export class SimulationAccumulator {
  private readonly sides: Record<SimulationSide, SideSummary> = { current: emptySideSummary(), candidate: emptySideSummary() };
  private readonly changes: SimulationChanges = {
    pairs: 0,
    becameEligible: 0,
    becameIneligible: 0,
    unchanged: 0,
    codesChanged: 0,
    resolutionChanged: 0,
    sample: [],
  };
  private readonly orders: OrdersReplay = {
    orders: 0,
    lines: 0,
    linesAtReturn: 0,
    assumedDaysAfterDelivery: ORDER_REPLAY_DAYS_AFTER_DELIVERY,
    current: { eligible: 0, ineligible: 0 },
    candidate: { eligible: 0, ineligible: 0 },
    opened: 0,
    closed: 0,
  };

  addReturn(replay: ReplayedReturn): void {
    const current = this.addSide('current', replay.current, replay.chosen);
    const candidate = this.addSide('candidate', replay.candidate, replay.chosen);
    // Both sides judge the same selection of the same order, so their lines pair up by position;
    // the order line id is checked all the same.
    const n = Math.min(current.length, candidate.length);
    for (let i = 0; i < n; i++) {
      const before = current[i];
      const after = candidate[i];
      if (!before || !after || before.verdict.orderLineId !== after.verdict.orderLineId) continue;
      this.changes.pairs++;
      if (before.verdict.eligible === after.verdict.eligible) {
        this.changes.unchanged++;
        if (!sameCodes(before.verdict.codes, after.verdict.codes)) this.changes.codesChanged++;
        if (before.verdict.eligible && before.resolution !== after.resolution) this.changes.resolutionChanged++;
        continue;
      }
      if (after.verdict.eligible) this.changes.becameEligible++;
      else this.changes.becameIneligible++;
      this.remember({
        returnNumber: replay.returnNumber,
        orderLineId: before.verdict.orderLineId,
        requestedAt: replay.requestedAt?.toISOString() ?? null,
        eligibleBefore: before.verdict.eligible,
        eligibleAfter: after.verdict.eligible,
        codesBefore: [...before.verdict.codes],
        codesAfter: [...after.verdict.codes],
      });
    }
  }

  /** An order judged as if everything in it were returned: the line verdicts of each side (a
   * PolicyVerdict's `lines`, or several verdicts' put together); lines pair up by order line id.
   * `returned`: the order lines judged when they really came back. */
  addOrder(current: readonly LineVerdict[], candidate: readonly LineVerdict[], returned: ReadonlySet<string> = new Set()): void {
    this.orders.orders++;
    const after = new Map(candidate.map((l) => [l.orderLineId, l]));
    for (const line of current) {
      const other = after.get(line.orderLineId);
      if (!other) continue;
      this.orders.lines++;
      if (returned.has(line.orderLineId)) this.orders.linesAtReturn++;
      this.orders.current[line.eligible ? 'eligible' : 'ineligible']++;
      this.orders.candidate[other.eligible ? 'eligible' : 'ineligible']++;
      if (!line.eligible && other.eligible) this.orders.opened++;
      if (line.eligible && !other.eligible) this.orders.closed++;
    }
  }

  result(): SimulationResult {
    const copySide = (s: SideSummary): SideSummary => ({
      ...s,
      split: { lines: { ...s.split.lines }, value: { ...s.split.value } },
      codes: { ...s.codes },
      returnCodes: { ...s.returnCodes },
    });
    return {
      sides: { current: copySide(this.sides.current), candidate: copySide(this.sides.candidate) },
      changes: { ...this.changes, sample: this.changes.sample.map((c) => ({ ...c })) },
      orders: { ...this.orders, current: { ...this.orders.current }, candidate: { ...this.orders.candidate } },
    };
  }

  private addSide(side: SimulationSide, verdict: PolicyVerdict, chosen: ReplayedReturn['chosen']) {
    const s = this.sides[side];
    s.returns++;
    if (verdict.eligible) s.returnsEligible++;
    if (verdict.autoApprove) s.returnsAutoApproved++;
    s.returnShippingFees += verdict.totals.returnShippingFee;
    for (const code of new Set(verdict.reasons.map((r) => r.code))) s.returnCodes[code] = (s.returnCodes[code] ?? 0) + 1;
    const choices = chosenResolutions(verdict.lines, chosen);
    return verdict.lines.map((line, i) => {
      const choice = choices[i] ?? null;
      s.lines++;
      for (const code of new Set(line.codes)) s.codes[code] = (s.codes[code] ?? 0) + 1;
      if (!line.eligible) {
        s.ineligible++;
        return { verdict: line, resolution: null };
      }
      s.eligible++;
      if (needsReview(line)) s.review++;
      const resolution = expectedResolution(choice, line.resolutions);
      if (choice && resolution !== choice) s.resolutionSwitched++;
      const key = splitKey(resolution);
      s.split.lines[key]++;
      s.split.value[key] += line.value;
      s.restockingFees += line.restockingFee;
      s.bonus += resolution ? (line.bonus[resolution] ?? 0) : 0;
      return { verdict: line, resolution };
    });
  }

  private remember(change: ChangedLine): void {
    const sample = this.changes.sample;
    sample.push(change);
    sample.sort(
      (a, b) =>
        (b.requestedAt ?? '').localeCompare(a.requestedAt ?? '') ||
        a.returnNumber.localeCompare(b.returnNumber) ||
        a.orderLineId.localeCompare(b.orderLineId),
    );
    if (sample.length > CHANGE_SAMPLE_SIZE) sample.length = CHANGE_SAMPLE_SIZE;
  }
}
