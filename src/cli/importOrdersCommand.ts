import { importOrders } from '../app/catalog/importOrders.js';
import { type AppContext, cliActor } from '../app/kernel/context.js';
import { readOrderFile } from '../integrations/orderFiles/readOrderFile.js';
import { ProgressBar } from './progress.js';

export interface ImportSummary {
  imported: number;
  /** `path` names the field at fault when the file was read fine but the order cannot be imported. */
  rejected: { row: number; orderNumber: string | null; code: string; message: string; path?: string }[];
}

/** `retour import-orders <file>`: validates every order, imports the valid ones in batches with a
 * progress bar, and lists each rejected row with its reason. */
export async function importOrdersFromFile(ctx: AppContext, path: string, batchSize = 500): Promise<ImportSummary> {
  const parsed = await readOrderFile(path);
  const rejected = [...parsed.rejected];
  let imported = 0;
  const bar = new ProgressBar(`Importing ${parsed.orders.length} orders`);
  for (let i = 0; i < parsed.orders.length; i += batchSize) {
    const batch = parsed.orders.slice(i, i + batchSize);
    const result = await importOrders(
      ctx,
      { actor: cliActor },
      batch.map((b) => b.order),
    );
    imported += result.imported.length;
    for (const r of result.rejected) {
      rejected.push({
        row: batch[r.index]?.row ?? 0,
        orderNumber: r.orderNumber,
        code: r.code,
        message: r.message,
        ...(r.path ? { path: r.path } : {}),
      });
    }
    bar.update(Math.min(i + batchSize, parsed.orders.length), parsed.orders.length);
  }
  bar.done();
  rejected.sort((a, b) => a.row - b.row);
  return { imported, rejected };
}

export function printImportSummary(summary: ImportSummary, out: (line: string) => void = console.log) {
  out(`Imported ${summary.imported} order(s); rejected ${summary.rejected.length}.`);
  for (const r of summary.rejected) {
    const field = r.path ? `${r.path}: ` : '';
    out(`  row ${r.row}${r.orderNumber ? ` (order ${r.orderNumber})` : ''}: ${r.code} — ${field}${r.message}`);
  }
}
