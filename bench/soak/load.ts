/** Answered by an operation that found nothing to work on yet (e.g. no return waits to be received). */
export const NOTHING_TO_DO = 'nothing-to-do';

/** What one kind of operation did in one minute. */
export interface KindMinute {
  ops: number;
  errors: number;
  /** Arrivals that found nothing to work on: not timed, not errors. */
  idle: number;
  latencies: number[];
  firstError: string | null;
}

/** Operations of every kind, counted in the minute they ended in (minute 0 is the first). */
export class MinuteStats {
  readonly minutes: Map<string, KindMinute>[] = [];

  private startedAt = performance.now();

  /** `lastMinute`: operations still under way when the load stops count in the last minute. */
  constructor(private readonly lastMinute: number) {}

  /** Minute 0 starts now; anything counted before is dropped. */
  begin(at = performance.now()) {
    this.startedAt = at;
    this.minutes.length = 0;
  }

  /** The minute (from 0) that `at` (a performance.now() reading) falls in. */
  minuteOf(at: number): number {
    return Math.min(this.lastMinute, Math.max(0, Math.floor((at - this.startedAt) / 60_000)));
  }

  private bucket(kind: string, at: number): KindMinute {
    const m = this.minuteOf(at);
    while (this.minutes.length <= m) this.minutes.push(new Map());
    const minute = this.minutes[m] as Map<string, KindMinute>;
    let b = minute.get(kind);
    if (!b) {
      b = { ops: 0, errors: 0, idle: 0, latencies: [], firstError: null };
      minute.set(kind, b);
    }
    return b;
  }

  ok(kind: string, ms: number, at = performance.now()) {
    const b = this.bucket(kind, at);
    b.ops++;
    b.latencies.push(ms);
  }

  error(kind: string, message: string, at = performance.now()) {
    const b = this.bucket(kind, at);
    b.errors++;
    b.firstError ??= message.slice(0, 300);
  }

  idle(kind: string, at = performance.now()) {
    this.bucket(kind, at).idle++;
  }
}

/** The p-th percentile (nearest rank) of sorted values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export interface OpenLoop {
  kind: string;
  perSecond: number;
  /** One operation; answers NOTHING_TO_DO when there was nothing to work on. */
  op: () => Promise<unknown>;
}

/**
 * Starts `perSecond` operations a second at fixed intervals until `endsAt`, whether or not the
 * earlier ones were answered (an open loop: a slow server does not slow the arrivals down, so its
 * slowness shows in the latencies instead of hiding in a lower rate). Each latency is counted from
 * the moment the operation was due, so a late start (a busy client) counts too. An arrival while
 * `maxInFlight` operations of this kind are still under way is an error, not a queue that grows.
 * Resolves once every operation started has ended.
 */
export async function runOpenLoop(loop: OpenLoop, stats: MinuteStats, endsAt: number, maxInFlight = 200): Promise<void> {
  const interval = 1000 / loop.perSecond;
  const startedAt = performance.now();
  const running = new Set<Promise<void>>();
  let n = 0;
  for (;;) {
    const due = startedAt + n * interval;
    if (due >= endsAt) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    n++;
    if (running.size >= maxInFlight) {
      stats.error(loop.kind, `more than ${maxInFlight} operations under way: the server does not keep up`);
      continue;
    }
    const run = (async () => {
      try {
        const outcome = await loop.op();
        if (outcome === NOTHING_TO_DO) stats.idle(loop.kind);
        else stats.ok(loop.kind, performance.now() - due);
      } catch (err) {
        stats.error(loop.kind, err instanceof Error ? err.message : String(err));
      }
    })();
    running.add(run);
    void run.then(() => running.delete(run));
  }
  await Promise.all(running);
}
