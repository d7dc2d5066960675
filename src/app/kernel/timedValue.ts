/** A value read again at most once per lifetime: data on a hot path that changes rarely. A change
 * made in this process drops the copy at once (`forget`); other processes see it within the
 * lifetime. */
export class TimedValue<T> {
  private kept: { at: number; value: T } | null = null;

  constructor(private readonly lifetimeMs: number) {}

  /** The kept value while it is fresh, else what `read` gives (kept from now on). */
  async get(read: () => Promise<T>): Promise<T> {
    if (this.kept && Date.now() - this.kept.at < this.lifetimeMs) return this.kept.value;
    const value = await read();
    this.kept = { at: Date.now(), value };
    return value;
  }

  forget(): void {
    this.kept = null;
  }
}
