import type { Timestamp, WithDefault } from './columns.js';

/** Tables of Platforms: what Retour sends back to the shop platforms orders came from, beyond the
 * returns registered there (platform_returns, with the connections). */

/** A restock Retour recorded, added to a platform's inventory once (see src/app/platforms/restocks/). */
export interface PlatformRestocksTable {
  movement_id: string;
  connection_id: string;
  status: 'pending' | 'done' | 'failed';
  /** Signed: a restock taken back (a line graded again) takes the units out again. */
  quantity: number;
  location_id: string | null;
  attempts: WithDefault<number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
