interface Waiting<Row> {
  row: Row;
  done: (written: boolean) => void;
  failed: (err: unknown) => void;
}

/**
 * Writes rows as they come, several per statement: rows arriving while a statement runs wait for
 * it and go together in the next, so a burst (a carrier's or a shop's webhooks) costs a statement
 * per round trip instead of one per row, and a lone row is written at once. Each caller learns
 * whether its row was written (`writeBatch` answers per row: a repeat of a delivery is not).
 */
export class BatchedWriter<Row> {
  private waiting: Waiting<Row>[] = [];
  private writing = false;

  constructor(
    private readonly writeBatch: (rows: Row[]) => Promise<boolean[]>,
    private readonly most = 500,
  ) {}

  write(row: Row): Promise<boolean> {
    return new Promise((done, failed) => {
      this.waiting.push({ row, done, failed });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.most);
      try {
        const written = await this.writeBatch(batch.map((w) => w.row));
        batch.forEach((w, i) => {
          w.done(written[i] === true);
        });
      } catch (err) {
        for (const w of batch) w.failed(err);
      }
    }
    this.writing = false;
  }
}

/** One writer per context (and so per database), made when first asked for. */
export function writerPerContext<Ctx extends object, Row>(
  make: (ctx: Ctx) => BatchedWriter<Row>,
): (ctx: Ctx) => BatchedWriter<Row> {
  const writers = new WeakMap<Ctx, BatchedWriter<Row>>();
  return (ctx) => {
    let writer = writers.get(ctx);
    if (!writer) {
      writer = make(ctx);
      writers.set(ctx, writer);
    }
    return writer;
  };
}
