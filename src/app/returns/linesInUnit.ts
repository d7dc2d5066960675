import type { Resolution } from '../../domain/returnLine.js';
import type { Tx } from '../kernel/unit.js';

/** What a unit that wrote a return's state knows of that return's lines, as it left them. */
interface WrittenLine {
  exchangeVariantId: string | null;
  grantedResolution: Resolution | null;
}

/**
 * The lines of each return whose state a transaction wrote (saveReturnStates), by return id. Every
 * such write starts from all the return's lines read under the return's row lock, so what is noted
 * is what the database holds until the unit commits, for the two facts noted: a line's exchange
 * variant (set when requested, or by the exchanges subscriber itself) and its granted resolution
 * (written only through saveReturnStates). The in-unit subscribers use it to skip reading back
 * lines the command has just written. Kept per transaction object, so it goes with the unit.
 */
const written = new WeakMap<Tx, Map<string, WrittenLine[]>>();

/** Notes the lines of a return as a transaction wrote them (see `written`): `read` as they were
 * read under the lock, `next` (by id) with the resolutions the transaction granted. */
export function noteLinesWritten(
  tx: Tx,
  returnId: string,
  read: readonly { id: string; exchange_variant_id: string | null; granted_resolution: Resolution | null }[],
  next: readonly { id: string; grantedResolution: Resolution | null }[],
): void {
  let returns = written.get(tx);
  if (!returns) {
    returns = new Map();
    written.set(tx, returns);
  }
  const granted = new Map(next.map((l) => [l.id, l.grantedResolution]));
  returns.set(
    returnId,
    read.map((l) => ({
      exchangeVariantId: l.exchange_variant_id,
      grantedResolution: granted.has(l.id) ? (granted.get(l.id) ?? null) : l.granted_resolution,
    })),
  );
}

/** Whether a return may have a line to exchange or replace: false only when this transaction wrote
 * its lines and none has an exchange variant or was granted a replacement. */
export function mayHaveExchangeLines(tx: Tx, returnId: string): boolean {
  const lines = written.get(tx)?.get(returnId);
  return !lines || lines.some((l) => l.exchangeVariantId !== null || l.grantedResolution === 'replacement');
}

/** Whether a return may have a line granted a repair or a repair open: false only when this
 * transaction wrote its lines and none was granted a repair (a repair is opened only for a line
 * granted one, and a line is decided once, so its granted resolution never changes after). */
export function mayHaveRepairs(tx: Tx, returnId: string): boolean {
  const lines = written.get(tx)?.get(returnId);
  return !lines || lines.some((l) => l.grantedResolution === 'repair');
}
