import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { shopperLogistics } from '../../../../app/logistics/shopperShipment.js';
import { feedbackGiven } from '../../../../app/returns/giveReturnFeedback.js';
import type { ReturnSummary } from '../../../../app/returns/listReturns.js';
import { nextStep } from '../../../../domain/nextStep.js';
import { DISPUTE_HOLD } from '../../../../domain/returnLifecycle.js';
import { shopperTimeline } from '../../../../domain/shopperTimeline.js';
import { ownReturn } from './scope.js';

/** A return in the shopper's list. How staff judged it (the risk score, holds, automation tags)
 * and what the shop expects to recover from the goods are for staff. */
export function shopperSummary(ret: ReturnSummary) {
  const { risk: _risk, holdReasons: _holds, tags: _tags, ...rest } = ret;
  return { ...rest, lines: ret.lines.map(({ recoveredValue: _value, ...line }) => line) };
}

/** What the shopper sees of a return: its state, what comes next and the link to follow it. */
export async function shopperView(ctx: AppContext, req: { principal: unknown }, returnId: string) {
  const detail = await ownReturn(ctx, req, returnId);
  const [settings, feedback] = await Promise.all([getShopSettingsCached(ctx.caches, ctx.db), feedbackGiven(ctx.db, returnId)]);
  const logistics = await shopperLogistics(ctx.db, returnId, settings.timezone);
  // The risk score, why staff hold a return and the automation's tags are for staff: a shopper
  // sees messages, not how they were judged, and whether their own dispute is open.
  const { timeline, risk: _risk, holdReasons, tags: _tags, ...rest } = detail;
  return {
    ...rest,
    lines: rest.lines.map(({ recoveredValue: _value, ...line }) => line),
    disputeOpen: holdReasons.includes(DISPUTE_HOLD),
    feedbackGiven: feedback,
    timeZone: settings.timezone,
    next: nextStep(detail),
    statusToken: ctx.shopperTokens.statusLink({
      returnId: detail.id,
      customerId: detail.customer.id,
      orderId: detail.order.id,
      createdAt: new Date(detail.createdAt),
    }),
    // Shoppers see what happened to them, not who on the staff did it or internal notes.
    timeline: shopperTimeline(timeline),
    logistics,
  };
}
