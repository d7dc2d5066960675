import type { RetourDb } from '../../db/connection.js';

/** Where a return lives on shop platforms too (registered by Retour, or announced by a
 * marketplace): which platform and connection, the platform's id and status for it, and the last
 * error a call about it met, for the return's page. */
export async function platformReturnsOf(db: RetourDb, returnId: string) {
  const rows = await db
    .selectFrom('platform_returns as pr')
    .innerJoin('shop_connections as c', 'c.id', 'pr.connection_id')
    .select([
      'pr.id',
      'pr.origin',
      'pr.external_id',
      'pr.external_status',
      'pr.last_error',
      'pr.reported',
      'pr.updated_at',
      'c.id as connection_id',
      'c.name as connection_name',
      'c.platform',
    ])
    .where('pr.return_id', '=', returnId)
    .orderBy('pr.created_at')
    .execute();
  return rows.map((r) => {
    const reported = (r.reported ?? {}) as { registerFailed?: string | null; receipt?: Record<string, unknown> };
    return {
      id: r.id,
      platform: r.platform,
      connectionId: r.connection_id,
      connectionName: r.connection_name,
      origin: r.origin,
      externalId: r.external_id,
      status: r.external_status,
      /** The platform refused to take it: it goes on in Retour only. */
      failed: Boolean(reported.registerFailed),
      lastError: r.last_error,
      linesReported: Object.keys(reported.receipt ?? {}).length,
      updatedAt: r.updated_at.toISOString(),
    };
  });
}
