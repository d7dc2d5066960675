import type { EmailAttachment, EmailsTable } from '../../../db/schema.js';
import { renderShopperEmail } from '../../../domain/email/renderShopperEmail.js';
import { renderStaffEmail } from '../../../domain/email/renderStaffEmail.js';
import { isShopperEmailKind } from '../../../domain/email/shopperEmails.js';
import { isStaffNotificationKind, staffNotificationPath, staffNotificationTitle } from '../../../domain/staffNotifications.js';
import type { AppContext } from '../../kernel/context.js';
import { loadShopperEmail } from './shopperEmailModel.js';

export type RenderedRow =
  | { ok: true; recipient: string; locale: string; subject: string; html: string; text: string; attachments: EmailAttachment[] }
  | { ok: false; reason: string };

/** What one e-mail row says: a shopper e-mail from its return and event, or a staff notification. */
export async function renderEmailRow(
  ctx: AppContext,
  row: Pick<EmailsTable, 'kind' | 'return_id' | 'event_id' | 'notification_id' | 'recipient'>,
): Promise<RenderedRow> {
  if (row.notification_id) {
    const [n, shop] = await Promise.all([
      ctx.db.selectFrom('staff_notifications').selectAll().where('id', '=', row.notification_id).executeTakeFirst(),
      ctx.db.selectFrom('shop_settings').select(['name', 'default_locale']).where('id', '=', 'default').executeTakeFirstOrThrow(),
    ]);
    if (!n || !isStaffNotificationKind(n.kind) || !row.recipient) return { ok: false, reason: 'nothing to send' };
    const lang = shop.default_locale === 'nl' ? 'nl' : 'en';
    const path = staffNotificationPath(n.kind, { returnId: n.return_id, subjectId: n.subject_id });
    const r = renderStaffEmail(lang, {
      title: staffNotificationTitle(n.kind, lang, n.facts),
      url: ctx.mail.portalUrl ? `${ctx.mail.portalUrl.replace(/\/$/, '')}/admin${path}` : null,
      shop: shop.name,
    });
    return { ok: true, recipient: row.recipient, locale: lang, ...r, attachments: [] };
  }
  if (!isShopperEmailKind(row.kind) || !row.return_id) return { ok: false, reason: `unknown e-mail ${row.kind}` };
  const loaded = await loadShopperEmail(ctx, { kind: row.kind, returnId: row.return_id, eventId: row.event_id });
  if (!loaded.recipient) return { ok: false, reason: 'the customer has no e-mail address' };
  return {
    ok: true,
    recipient: loaded.recipient,
    locale: loaded.locale,
    ...renderShopperEmail(row.kind, loaded.locale, loaded.model),
    attachments: loaded.attachments,
  };
}
