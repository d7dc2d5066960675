import type { AppContext } from './context.js';

/** A read asked for, and where its answer (or the statement's failure) goes. */
interface Ask<Key, Row> {
  key: Key;
  found: (row: Row | undefined) => void;
  failed: (err: unknown) => void;
}

/**
 * Reads asked for in the same turn of the event loop go in one statement: the jobs a worker
 * fetched together start together, so a batch of e-mails costs one read of each kind, not one per
 * e-mail. `read` answers the rows it found by `id` of their key; a key asked twice is read once.
 */
export function readTogether<Key, Row>(
  id: (key: Key) => string,
  read: (ctx: AppContext, keys: Key[]) => Promise<Map<string, Row>>,
): (ctx: AppContext, key: Key) => Promise<Row | undefined> {
  const asking = new WeakMap<AppContext, Ask<Key, Row>[]>();
  return (ctx, key) =>
    new Promise((found, failed) => {
      let asks = asking.get(ctx);
      if (!asks) {
        const turn: Ask<Key, Row>[] = [];
        asks = turn;
        asking.set(ctx, turn);
        setImmediate(() => {
          asking.delete(ctx);
          const keys = new Map(turn.map((a) => [id(a.key), a.key]));
          read(ctx, [...keys.values()]).then(
            (rows) => {
              for (const a of turn) a.found(rows.get(id(a.key)));
            },
            (err: unknown) => {
              for (const a of turn) a.failed(err);
            },
          );
        });
      }
      asks.push({ key, found, failed });
    });
}
