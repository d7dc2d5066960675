import type PgBoss from 'pg-boss';
import type { AppContext } from '../app/kernel/context.js';
import { newId } from '../app/kernel/ids.js';
import { automationTriggersInUse } from '../app/messaging/automation/automationRules.js';
import { planShopperEmails } from '../app/messaging/emails/planShopperEmails.js';
import { notifyStaffOfEvents } from '../app/messaging/notifications/notifyStaffOfEvents.js';
import { subscribes } from '../domain/webhookSignature.js';
import { createJobEnqueuer, QUEUES, txExecutor } from './jobQueue.js';

export interface RelayReport {
  events: number;
  deliveries: number;
  emails: number;
}

const jobs = createJobEnqueuer();

/**
 * Moves events from the transactional outbox to their deliveries: for each unpublished event, one
 * delivery per enabled webhook endpoint that subscribes to its type, the shopper e-mail it asks
 * for (src/domain/email/shopperEmails.ts), the staff notifications it makes, an automation run
 * when a rule waits for its type, and a job for each. All of it and the outbox rows marked
 * published are written in one transaction, so
 * an event is fanned out exactly once however many workers run (`skip locked`: each takes other
 * rows) and whenever one of them dies.
 */
export async function relayOutbox(ctx: AppContext, boss: PgBoss, limit = 200): Promise<RelayReport> {
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('outbox')
      .select(['id', 'event_id', 'topic', 'payload'])
      .where('published_at', 'is', null)
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length === 0) return { events: 0, deliveries: 0, emails: 0 };
    const endpoints = await tx
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types'])
      .where('enabled', '=', true)
      .execute();
    const now = ctx.now();
    const deliveries = rows.flatMap((r) =>
      endpoints
        .filter((e) => subscribes(e.event_types, r.topic))
        .map((e) => ({
          id: newId('whd'),
          endpoint_id: e.id,
          event_id: r.event_id,
          event_type: r.topic,
          payload: JSON.stringify(r.payload),
          status: 'pending' as const,
          created_at: now,
          updated_at: now,
        })),
    );
    let made: { id: string }[] = [];
    if (deliveries.length > 0) {
      made = await tx
        .insertInto('webhook_deliveries')
        .values(deliveries)
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .returning('id')
        .execute();
      if (made.length > 0)
        await boss.insert(
          made.map((d) => ({ name: QUEUES.webhook, data: { deliveryId: d.id }, singletonKey: d.id })),
          { db: txExecutor(tx) } as PgBoss.InsertOptions,
        );
    }
    const emails = await planShopperEmails(
      tx,
      rows.map((r) => {
        const p = r.payload as { returnId?: string | null; occurredAt?: string; data?: Record<string, unknown> };
        return {
          id: r.event_id,
          type: r.topic,
          returnId: p.returnId ?? null,
          occurredAt: p.occurredAt ?? '',
          data: p.data ?? {},
        };
      }),
      now,
    );
    if (emails.length > 0)
      await boss.insert(
        emails.map((id) => ({ name: QUEUES.email, data: { emailId: id }, singletonKey: id })),
        { db: txExecutor(tx) } as PgBoss.InsertOptions,
      );
    await notifyStaffOfEvents(tx, jobs, rows, now);
    // Automation rules run as jobs of their own, for the event types some enabled rule waits for.
    const triggers = await automationTriggersInUse(tx);
    const automated = rows.filter((r) => triggers.has(r.topic) && (r.payload as { returnId?: string }).returnId);
    if (automated.length > 0)
      await boss.insert(
        automated.map((r) => ({ name: QUEUES.automation, data: { eventId: r.event_id }, singletonKey: r.event_id })),
        { db: txExecutor(tx) } as PgBoss.InsertOptions,
      );
    await tx
      .updateTable('outbox')
      .set({ published_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return { events: rows.length, deliveries: made.length, emails: emails.length };
  });
}
