/** Told how far the seed is: `done` steps out of `total`. */
export type SeedProgress = (done: number, total: number, stage: string) => void;

/** The seed's parts, in order, with their weights: about their shares of the seed's time at the
 * default sizes (the rows are mostly written meanwhile, so what is left to write at the end is
 * short). A part counts its weight times the number of orders in steps, a size known from the
 * start, so the total never changes: rows and batches are known only once they are made. */
const WEIGHTS = { 'making orders': 2, 'planning returns': 3, 'telling stories': 4, writing: 1 } as const;
export type SeedPart = keyof typeof WEIGHTS;

/**
 * The seed's progress out of one total fixed from the start: a part's steps made are the share
 * of its own work done. Steps only go forward, and the last one is told only by `finished`, so a
 * bar never goes back and shows 100% only at the end.
 */
export class SeedProgressReport {
  readonly #tell: SeedProgress | undefined;
  readonly #steps: number;
  /** Steps of the parts before each part. */
  readonly #before = new Map<SeedPart, number>();
  readonly #total: number;
  #done = 0;

  constructor(tell: SeedProgress | undefined, orders: number) {
    this.#tell = tell;
    this.#steps = Math.max(orders, 1);
    let steps = 0;
    for (const [part, weight] of Object.entries(WEIGHTS) as [SeedPart, number][]) {
      this.#before.set(part, steps);
      steps += weight * this.#steps;
    }
    // The last step is the end, after the writing.
    this.#total = steps + 1;
  }

  /** `part` is `share` (0 to 1) done. */
  at(part: SeedPart, share: number, stage: string): void {
    const steps = Math.floor(Math.min(Math.max(share, 0), 1) * WEIGHTS[part] * this.#steps);
    const done = Math.min((this.#before.get(part) ?? 0) + steps, this.#total - 1);
    if (done <= this.#done) return;
    this.#done = done;
    this.#tell?.(done, this.#total, stage);
  }

  finished(): void {
    this.#done = this.#total;
    this.#tell?.(this.#total, this.#total, 'done');
  }
}
