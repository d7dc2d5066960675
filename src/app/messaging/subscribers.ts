import type { FanOutSubscriber } from '../kernel/subscribers.js';
import { automationTriggersInUse } from './automation/automationRules.js';
import { AUTOMATION_QUEUE } from './automation/replayAutomation.js';
import { planShopperEmails } from './emails/planShopperEmails.js';
import { EMAIL_QUEUE } from './emails/shipByReminders.js';
import { notifyStaffOfEvents } from './notifications/notifyStaffOfEvents.js';
import { planWebhookDeliveries } from './webhooks/planDeliveries.js';
import { WEBHOOK_QUEUE } from './webhooks/replayWebhookDelivery.js';

/** Webhook deliveries, one per endpoint that subscribes to the event's type. */
const webhookDeliveries: FanOutSubscriber = {
  name: 'messaging.webhook-deliveries',
  queue: WEBHOOK_QUEUE,
  fanOut: (ctx, tx, events, now) => planWebhookDeliveries(ctx, tx, events, now),
};

/** The shopper e-mail an event asks for (src/domain/email/shopperEmails.ts). */
const shopperEmails: FanOutSubscriber = {
  name: 'messaging.shopper-emails',
  queue: EMAIL_QUEUE,
  fanOut: async (ctx, tx, events, now) => {
    const emails = await planShopperEmails(tx, events, now);
    await ctx.jobs.enqueue(
      tx,
      EMAIL_QUEUE,
      emails.map((id) => ({ data: { emailId: id }, singletonKey: id })),
    );
    return emails.length;
  },
};

/** Staff hear of a return waiting for review, a refund the provider refused, an endpoint switched off. */
const staffNotifications: FanOutSubscriber = {
  name: 'messaging.staff-notifications',
  fanOut: async (ctx, tx, events, now) => {
    await notifyStaffOfEvents(
      ctx,
      tx,
      events.map((e) => ({ event_id: e.id, topic: e.type, payload: e })),
      now,
    );
    return 0;
  },
};

/** Automation rules run as jobs of their own, for the event types some enabled rule waits for. */
const automationRuns: FanOutSubscriber = {
  name: 'messaging.automation-runs',
  queue: AUTOMATION_QUEUE,
  fanOut: async (ctx, tx, events) => {
    const triggers = await automationTriggersInUse(ctx.caches, tx);
    const runs = events.filter((e) => triggers.has(e.type) && e.returnId);
    await ctx.jobs.enqueue(
      tx,
      AUTOMATION_QUEUE,
      runs.map((e) => ({ data: { eventId: e.id }, singletonKey: e.id })),
    );
    return runs.length;
  },
};

export const messagingSubscribers = {
  fanOut: [webhookDeliveries, shopperEmails, staffNotifications, automationRuns],
};
