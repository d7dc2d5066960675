import type { Timestamp } from './columns.js';

/** Tables of Stores: returns taken back over a store's counter or at its till. */

export interface CounterReturnsTable {
  id: string;
  /** The store (a warehouse of kind `store`) whose counter took the return back. */
  store_id: string;
  return_id: string;
  /** The caller and the Idempotency-Key of the request that took it back. */
  request_key: string;
  taken_by: string | null;
  created_at: Timestamp;
  receipt_at: Timestamp | null;
}
