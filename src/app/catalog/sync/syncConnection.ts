import type { RetourDb } from '../../../db/connection.js';
import type { Tx } from '../../kernel/transaction.js';
import type { SyncConnection } from './shopOrderRows.js';

export type { SyncConnection } from './shopOrderRows.js';

/** A connection as the sync reads it (settings, channel), or null when there is none. */
export async function loadSyncConnection(db: RetourDb | Tx, id: string): Promise<SyncConnection | null> {
  const row = await db
    .selectFrom('shop_connections')
    .innerJoin('channels', 'channels.id', 'shop_connections.channel_id')
    .select([
      'shop_connections.id',
      'shop_connections.platform',
      'shop_connections.name',
      'shop_connections.channel_id',
      'shop_connections.settings',
      'channels.code as channel_code',
    ])
    .where('shop_connections.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    platform: row.platform,
    name: row.name,
    channelId: row.channel_id,
    channelCode: row.channel_code,
    settings: row.settings ?? {},
  };
}
