import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import type { Writable } from 'node:stream';
import { recordAccess } from '../app/admin/accessLog.js';
import type { AppContext } from '../app/kernel/context.js';
import { listReturns, type ReturnFilters } from '../app/returns/listReturns.js';
import { csvRow } from '../integrations/csv.js';

export const EXPORT_COLUMNS = [
  'return_number',
  'return_id',
  'status',
  'on_hold',
  'created_at',
  'updated_at',
  'order_number',
  'customer_email',
  'method',
  'tracking_number',
  'line_id',
  'sku',
  'title',
  'quantity',
  'reason',
  'comment',
  'requested_resolution',
  'granted_resolution',
  'acceptance',
  'reception',
  'quantity_received',
  'grade',
  'disposition',
  'settlement',
  'settled_amount',
  'currency',
];

/** Writes returns as CSV, one row per return line, page by page so memory stays flat. */
export async function exportReturnsCsv(
  ctx: AppContext,
  target: Writable,
  filters: Omit<ReturnFilters, 'limit' | 'cursor'> = {},
): Promise<number> {
  target.write(csvRow(EXPORT_COLUMNS));
  let cursor: string | undefined;
  let rows = 0;
  do {
    const page = await listReturns(ctx.db, { ...filters, cursor, limit: 100 });
    for (const r of page.items) {
      for (const l of r.lines) {
        const line = csvRow([
          r.number,
          r.id,
          r.status,
          r.onHold,
          r.createdAt,
          r.updatedAt,
          r.order.orderNumber,
          r.customer.email,
          r.method,
          r.trackingNumber,
          l.id,
          l.sku,
          l.title,
          l.quantity,
          l.reasonCode,
          l.comment,
          l.requestedResolution,
          l.grantedResolution,
          l.acceptance,
          l.reception,
          l.quantityReceived,
          l.grade,
          l.disposition,
          l.settlement,
          l.settledAmount,
          r.currency,
        ]);
        if (!target.write(line)) await new Promise((resolve) => target.once('drain', resolve));
        rows++;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

export async function exportReturnsToPath(
  ctx: AppContext,
  path: string | undefined,
  filters: Omit<ReturnFilters, 'limit' | 'cursor'>,
) {
  const target = path ? createWriteStream(path) : process.stdout;
  const rows = await exportReturnsCsv(ctx, target, filters);
  if (path)
    await new Promise<void>((resolve, reject) =>
      (target as ReturnType<typeof createWriteStream>).end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  // An export from the command line is an export too: the access log names the system user.
  const actor = { type: 'cli' as const, id: systemUser() };
  await recordAccess(
    ctx,
    { actor, action: 'export', detail: 'returns', filters: { ...filters, ...(path ? { path } : {}) } },
    (err) => process.stderr.write(`the export was not written to the access log: ${String(err)}\n`),
  );
  return rows;
}

/** Who runs the command, as the system knows them (a container may know no name). */
export function systemUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
