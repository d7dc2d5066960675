import { type RenderedEmail, renderShopperEmail, type ShopperEmailModel } from '../../../domain/email/renderShopperEmail.js';
import { plannedShopperEmails, type ShopperEmailKind } from '../../../domain/email/shopperEmails.js';
import type { ShopperLocale } from '../../../domain/policy/messages.js';
import type { AppContext } from '../../kernel/context.js';
import { loadShopperEmail } from './shopperEmailModel.js';

const DAY = 86_400_000;

/** A made-up return in the shop's own branding, for previewing e-mails before any exist. */
function sampleModel(
  shop: ShopperEmailModel['shop'],
  timeZone: string,
  currency: string,
  now: Date,
  kind: ShopperEmailKind,
  portalUrl: string | null,
): ShopperEmailModel {
  return {
    shop,
    timeZone,
    customerName: 'Sanne',
    returnNumber: 'R-10042',
    orderNumber: '100231',
    method: 'qr',
    shipBy: new Date(now.getTime() + 14 * DAY),
    pickup: null,
    lines: [
      { title: 'Linen shirt — M', quantity: 1, grade: 'A', rejected: kind === 'rejected', reason: null },
      { title: 'Wool socks — 39/42', quantity: 2, grade: 'C', rejected: kind === 'rejected', reason: null },
    ],
    reason: kind === 'rejected' ? 'The items were worn and washed.' : null,
    trackingNumber: '3SRTR0012345678',
    amount: { amount: 5995, currency },
    credit: { code: 'RTR-7K2M-9QX4-PL3D', expiresAt: new Date(now.getTime() + 365 * DAY) },
    exchangeNumber: 'X-10042',
    declaredAt: now,
    // The real link opens one return; the sample's opens the portal.
    statusUrl: portalUrl ? `${portalUrl.replace(/\/$/, '')}/returns/` : null,
    labelAttached: kind === 'approved',
  };
}

/**
 * An e-mail as a shopper would get it now, in any of the four languages: for a real return (as it
 * stands), or for a sample return in the shop's branding.
 */
export async function previewShopperEmail(
  ctx: AppContext,
  input: { kind: ShopperEmailKind; locale: ShopperLocale; returnId?: string },
): Promise<RenderedEmail & { recipient: string | null }> {
  const { db, mail: mailer } = ctx;
  if (input.returnId) {
    // The facts of the return's latest event that asks for this kind (the amount refunded, the
    // tracking number shipped), as the e-mail sent for it had them.
    const events = await db
      .selectFrom('events')
      .select(['id', 'type', 'return_id', 'occurred_at', 'data'])
      .where('return_id', '=', input.returnId)
      .orderBy('id')
      .execute();
    const planned = plannedShopperEmails(
      events.map((e) => ({
        id: e.id,
        type: e.type,
        returnId: e.return_id,
        occurredAt: e.occurred_at.toISOString(),
        data: e.data as Record<string, unknown>,
      })),
    ).filter((p) => p.kind === input.kind);
    const eventId = planned.at(-1)?.eventId ?? null;
    const loaded = await loadShopperEmail(ctx, { kind: input.kind, returnId: input.returnId, eventId });
    return { ...renderShopperEmail(input.kind, input.locale, loaded.model), recipient: loaded.recipient };
  }
  const s = await db
    .selectFrom('shop_settings')
    .select(['name', 'logo_url', 'brand_color', 'support_email', 'timezone', 'currency'])
    .where('id', '=', 'default')
    .executeTakeFirstOrThrow();
  const shop = { name: s.name, logoUrl: s.logo_url, brandColor: s.brand_color, supportEmail: s.support_email };
  const model = sampleModel(shop, s.timezone, s.currency, ctx.now(), input.kind, mailer.portalUrl);
  return { ...renderShopperEmail(input.kind, input.locale, model), recipient: null };
}
