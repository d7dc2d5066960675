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
 * its lines and none has an exchange variant or was granted a replacement. The skip holds because
 * a line's exchange variant, once set, is never set back to null (a cancelled exchange grants the
 * line a refund or store credit but keeps its variant): a line without one now never had an
 * exchange order, and the exchanges subscriber looks at no other line than these two kinds. */
export function mayHaveExchangeLines(tx: Tx, returnId: string): boolean {
  const lines = written.get(tx)?.get(returnId);
  return !lines || lines.some((l) => l.exchangeVariantId !== null || l.grantedResolution === 'replacement');
}

/** Whether a return may have a line granted a repair or a repair open: false only when this
 * transaction wrote its lines and none was granted a repair. A granted resolution can change after
 * the decision (a failed repair grants a replacement or a refund, a cancelled exchange a refund or
 * store credit); the skip relies instead on a line with an open repair keeping its granted
 * resolution 'repair': a repair is opened only for a line granted one, and the line is granted
 * something else only once its repair has failed, so a line not granted a repair has no open
 * repair for syncRepairs to start or cancel. */
export function mayHaveRepairs(tx: Tx, returnId: string): boolean {
  const lines = written.get(tx)?.get(returnId);
  return !lines || lines.some((l) => l.grantedResolution === 'repair');
}
