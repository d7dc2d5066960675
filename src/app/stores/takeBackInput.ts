import type { Disposition, Grade } from '../../domain/returnLifecycle.js';

/* What taking a return back at a store's counter takes (see takeBackAtCounter.ts). */

export interface CounterLineInput {
  orderLineId: string;
  quantity: number;
  reasonCode?: string | null;
  comment?: string | null;
  grade: Grade;
  /** Left out: what the shop's disposition rules suggest for the grade. */
  disposition?: Disposition | null;
  note?: string | null;
}

export interface TakeBackInput {
  /** For callers who work at no one store (an admin): the store the return is taken back in. */
  storeId?: string | null;
  orderId: string;
  /** A return requested before (online, to bring to the store) whose goods the shopper brings. */
  returnId?: string | null;
  /** For a new return: money back to the original payment or as store credit, as the shopper chose. */
  resolution?: 'refund' | 'store_credit';
  lines: CounterLineInput[];
}
