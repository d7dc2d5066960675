/** A value read again at most once per lifetime: data on a hot path that changes rarely. A change
 * made in this process drops the copy at once (`forget`); other processes drop theirs within
 * milliseconds when told (on PostgreSQL the runtime passes the word on, see
 * `announceForgetsWith`), else within the lifetime. */
export class TimedValue<T> {
  private kept: { at: number; value: T } | null = null;
  /** Counts the drops: a read that began before one must not keep what it read. */
  private generation = 0;
  private announce: (() => Promise<void>) | null = null;

  constructor(private readonly lifetimeMs: number) {}

  /** The kept value while it is fresh, else what `read` gives (kept from now on). */
  async get(read: () => Promise<T>): Promise<T> {
    if (this.kept && Date.now() - this.kept.at < this.lifetimeMs) return this.kept.value;
    const generation = this.generation;
    const value = await read();
    // Dropped while reading: what was read may predate the change, so it is used once, not kept.
    if (generation === this.generation) this.kept = { at: Date.now(), value };
    return value;
  }

  /** Drops the copy after a change made here; resolves once the word to the other processes
   * sharing the database is sent (they drop theirs within milliseconds, as their event loops
   * handle it). */
  forget(): Promise<void> {
    this.dropCopy();
    return this.announce ? this.announce() : Promise.resolve();
  }

  /** Drops the copy because another process changed the data. */
  dropCopy(): void {
    this.kept = null;
    this.generation++;
  }

  /** Makes `forget` also tell the other processes (`announce` never rejects). */
  announceForgetsWith(announce: (() => Promise<void>) | null): void {
    this.announce = announce;
  }
}
