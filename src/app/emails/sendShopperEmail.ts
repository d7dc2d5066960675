import { renderShopperEmail } from '../../domain/email/renderShopperEmail.js';
import { isShopperEmailKind } from '../../domain/email/shopperEmails.js';
import { renderReturnLabel } from '../../integrations/labels/returnLabel.js';
import type { AppContext } from '../context.js';
import { getReturnLabelData } from '../queries/returnLabel.js';
import type { Mailer, OutgoingMail } from './mailer.js';
import { loadShopperEmail } from './shopperEmailModel.js';

export type EmailOutcome = 'sent' | 'stored' | 'skipped' | 'failed';

/** A try that did not go through; the job queue tries again with backoff. */
export class EmailNotSent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailNotSent';
  }
}

function fromAddress(mailer: Mailer, shop: { name: string; supportEmail: string | null }): string {
  if (mailer.from) return mailer.from;
  const name = shop.name.replace(/["\\\r\n]/g, '');
  return `"${name}" <${shop.supportEmail ?? 'no-reply@localhost'}>`;
}

/**
 * Sends one e-mail. The first try renders it and keeps what was rendered on the row, so every
 * retry sends the same message with the same Message-ID, and the back office shows exactly what
 * went out. An e-mail already sent (or stored in the local mailbox) is never sent again.
 */
export async function sendShopperEmail(ctx: AppContext, mailer: Mailer, emailId: string): Promise<EmailOutcome> {
  const row = await ctx.db.selectFrom('emails').selectAll().where('id', '=', emailId).executeTakeFirst();
  if (row?.status !== 'pending') return 'skipped';
  if (!isShopperEmailKind(row.kind) || !row.return_id) return 'skipped';

  let rendered =
    row.subject && row.html && row.text_body && row.recipient
      ? { subject: row.subject, html: row.html, text: row.text_body, recipient: row.recipient, attachments: row.attachments }
      : null;
  let shop = { name: '', supportEmail: null as string | null };
  if (!rendered) {
    const loaded = await loadShopperEmail(ctx.db, { kind: row.kind, returnId: row.return_id, eventId: row.event_id }, mailer);
    if (!loaded.recipient) {
      await ctx.db
        .updateTable('emails')
        .set({ status: 'failed', last_error: 'the customer has no e-mail address', updated_at: ctx.now() })
        .where('id', '=', row.id)
        .execute();
      return 'failed';
    }
    const r = renderShopperEmail(row.kind, loaded.locale, loaded.model);
    shop = { name: loaded.model.shop.name, supportEmail: loaded.model.shop.supportEmail };
    rendered = { ...r, recipient: loaded.recipient, attachments: loaded.attachments };
    await ctx.db
      .updateTable('emails')
      .set({
        recipient: loaded.recipient,
        locale: loaded.locale,
        subject: r.subject,
        html: r.html,
        text_body: r.text,
        attachments: JSON.stringify(loaded.attachments),
        updated_at: ctx.now(),
      })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .execute();
  } else {
    const s = await ctx.db
      .selectFrom('shop_settings')
      .select(['name', 'support_email'])
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    shop = { name: s.name, supportEmail: s.support_email };
  }

  const attachments: OutgoingMail['attachments'] = [];
  for (const a of rendered.attachments) {
    if (a.source !== 'return_label') continue;
    try {
      const label = await getReturnLabelData(ctx.db, row.return_id);
      attachments.push({ filename: a.filename, contentType: a.contentType, content: await renderReturnLabel(label) });
    } catch {
      // A return that can no longer be shipped (cancelled since) has no label; the e-mail still goes.
    }
  }
  const from = fromAddress(mailer, shop);
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'localhost';
  const messageId = row.message_id ?? `<${row.id}@${domain}>`;
  const mail: OutgoingMail = {
    from,
    to: rendered.recipient,
    replyTo: shop.supportEmail,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId,
    attachments,
  };
  try {
    await mailer.transport.send(mail);
  } catch (err) {
    await ctx.db
      .updateTable('emails')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: (err as Error).message.slice(0, 500),
        message_id: messageId,
        updated_at: ctx.now(),
      }))
      .where('id', '=', row.id)
      .execute();
    throw new EmailNotSent((err as Error).message);
  }
  const status = mailer.transport.kind === 'smtp' ? 'sent' : 'stored';
  const now = ctx.now();
  await ctx.db
    .updateTable('emails')
    .set((eb) => ({
      status,
      transport: mailer.transport.kind,
      message_id: messageId,
      attempts: eb('attempts', '+', 1),
      last_error: null,
      sent_at: now,
      updated_at: now,
    }))
    .where('id', '=', row.id)
    .execute();
  return status;
}

/** The last try failed: the e-mail is marked failed (the back office lists it and can send it again). */
export async function giveUpEmail(ctx: AppContext, emailId: string): Promise<void> {
  await ctx.db
    .updateTable('emails')
    .set({ status: 'failed', updated_at: ctx.now() })
    .where('id', '=', emailId)
    .where('status', '=', 'pending')
    .execute();
}
