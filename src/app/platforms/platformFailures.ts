import { ShopError } from '../catalog/connections/port.js';
import { newId } from '../kernel/ids.js';
import type { Tx } from '../kernel/transaction.js';

/** What a message about a failed platform call may show: the platform's own words (adapters keep
 * credentials out of them), and for anything else only that something failed. */
export function platformFailureText(err: unknown): string {
  if (err instanceof ShopError) return `${err.code}: ${err.message}`.slice(0, 500);
  return 'The platform call failed unexpectedly; it is tried again';
}

/** The platform said no, or cannot do it: asking again changes nothing. */
export function isFinalFailure(err: unknown): boolean {
  return err instanceof ShopError && err.kind !== 'transient';
}

/** Keeps a failure among the connection's sync errors, where Settings → Connections shows it. */
export async function recordSyncError(
  tx: Tx,
  now: Date,
  failure: { connectionId: string; subject: string; externalId: string | null; err: unknown },
): Promise<void> {
  const code = failure.err instanceof ShopError ? failure.err.code : 'PLATFORM_CALL_FAILED';
  await tx
    .insertInto('shop_sync_errors')
    .values({
      id: newId('sse'),
      connection_id: failure.connectionId,
      run_id: null,
      subject: failure.subject,
      external_id: failure.externalId,
      code,
      message: failure.err instanceof ShopError ? failure.err.message.slice(0, 500) : platformFailureText(failure.err),
      created_at: now,
    })
    .execute();
  await tx
    .updateTable('shop_connections')
    .set({ last_error: platformFailureText(failure.err), last_error_at: now })
    .where('id', '=', failure.connectionId)
    .execute();
}
