import { getShopSettingsCached } from '../../../../app/admin/shopSettings.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { nextStep } from '../../../../domain/nextStep.js';
import { DISPUTE_HOLD } from '../../../../domain/returnLifecycle.js';
import { shopperTimeline } from '../../../../domain/shopperTimeline.js';
import { ownReturn } from './scope.js';

/** What the shopper sees of a return: its state, what comes next and the link to follow it. */
export async function shopperView(ctx: AppContext, req: { principal: unknown }, returnId: string) {
  const detail = await ownReturn(ctx, req, returnId);
  const [settings, feedback] = await Promise.all([
    getShopSettingsCached(ctx.caches, ctx.db),
    ctx.db.selectFrom('return_feedback').select('return_id').where('return_id', '=', returnId).executeTakeFirst(),
  ]);
  // The risk score and why staff hold a return are for staff: a shopper sees messages, not how
  // they were judged, and whether their own dispute is open.
  const { timeline, risk: _risk, holdReasons, ...rest } = detail;
  return {
    ...rest,
    disputeOpen: holdReasons.includes(DISPUTE_HOLD),
    feedbackGiven: Boolean(feedback),
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
  };
}
