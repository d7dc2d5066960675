/**
 * The header statuses of a return and every group of them the house uses, in one place (the
 * transitions between them are in returnLifecycle.ts; see docs/domain.md):
 *
 *   requested ─▶ under_review ─▶ approved ─▶ in_transit ─▶ received ─▶ inspected ─▶ resolved ─▶ closed
 *   (rejected, cancelled or expired before goods left; lost by the carrier on the way, then closed)
 *
 * `lost` is decided once, here: the parcel left the shopper, so the return did go ahead (its lines
 * are not free to be asked again, it counts as returned, money may still be owed and is tracked),
 * but no goods will ever arrive (exchange orders and repairs waiting for them end). It is not
 * terminal: staff close it once the carrier's claim is dealt with.
 */
export const RETURN_STATUSES = [
  'requested',
  'under_review',
  'approved',
  'in_transit',
  'received',
  'inspected',
  'resolved',
  'closed',
  'rejected',
  'cancelled',
  'expired',
  'lost',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

const only = (...statuses: ReturnStatus[]): readonly ReturnStatus[] => RETURN_STATUSES.filter((s) => statuses.includes(s));
const except = (...statuses: readonly ReturnStatus[]): readonly ReturnStatus[] =>
  RETURN_STATUSES.filter((s) => !statuses.includes(s));

/** The return did not go ahead: refused, called off by the shopper or staff, or never sent by
 * its ship-by date. Its lines may be asked again, nothing was or will be paid for it, it gets no
 * label, and it does not count as returned. `lost` is out: those goods did leave the shopper. */
export const CALLED_OFF_STATUSES = only('rejected', 'cancelled', 'expired');

/** No transition leads out of these. `lost` is out (it is still to be closed), and so is
 * `resolved` (a dispute reopens it). */
export const TERMINAL_STATUSES = only('closed', ...CALLED_OFF_STATUSES);

/** Every status a transition can still leave. */
export const OPEN_STATUSES = except(...TERMINAL_STATUSES);

/** No goods will come in any more: called off, or lost by the carrier. Exchange orders end (their
 * stock goes back) and repairs waiting for the item are cancelled. */
export const GOODS_NOT_COMING_STATUSES = only('lost', ...CALLED_OFF_STATUSES);

/** Nothing more is owed to the shopper: the money is settled (resolved, closed) or never was owed
 * (called off). `lost` is out: what a lost parcel is owed is still tracked until staff close it. */
export const MONEY_DONE_STATUSES = only('resolved', 'closed', ...CALLED_OFF_STATUSES);

/** The return's run is over but for closing it: terminal, resolved, or lost. A request in one of
 * these no longer asks for stock. */
export const FINISHED_STATUSES = only('resolved', 'lost', ...TERMINAL_STATUSES);

/** Still under way: the return is neither finished nor called off. */
export const ACTIVE_STATUSES = except(...FINISHED_STATUSES);

/** Waiting for a decision on its lines. */
export const REVIEWABLE_STATUSES = only('requested', 'under_review');

/** Nothing received or paid yet, so the return may still be cancelled (see cancel). */
export const CANCELLABLE_STATUSES = only('requested', 'under_review', 'approved');

/** Goods may arrive at the dock. */
export const RECEIVABLE_STATUSES = only('approved', 'in_transit', 'received');

/** Goods that arrived may be graded. */
export const INSPECTABLE_STATUSES = only('received', 'inspected');

/** Money may move for approved lines: from approval until inspection is done. */
export const SETTLEABLE_STATUSES = only('approved', 'in_transit', 'received', 'inspected');

/** Goods may be on their way, or at the dock to be received or graded: the dock opens these, and
 * a scan prefers them. The same span as money may move in, from approval to inspection. */
export const AT_DOCK_STATUSES = SETTLEABLE_STATUSES;

/** A hold makes sense while something is still to happen; a resolved return has nothing left to
 * stop (a dispute reopens it first). `lost` is in: a claim with the carrier may need to wait. */
export const HOLDABLE_STATUSES = except('resolved', ...TERMINAL_STATUSES);

/** The shopper may dispute a deduction once the goods were graded. */
export const DISPUTABLE_STATUSES = only('inspected', 'resolved');

/** Staff close a return once it is resolved, or once a lost parcel is dealt with. */
export const CLOSABLE_STATUSES = only('resolved', 'lost');

/** The shopper got what they asked for, and may say how it went. */
export const DONE_STATUSES = only('resolved', 'closed');

/** Statuses a back-office badge shows as good news. */
export const GOOD_NEWS_STATUSES = only('approved', 'inspected', 'resolved', 'closed');

/** Statuses a back-office badge shows as bad news: the goods will not come in. */
export const BAD_NEWS_STATUSES = GOODS_NOT_COMING_STATUSES;
