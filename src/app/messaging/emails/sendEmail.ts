import type { Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { EmailAttachment, EmailsTable } from '../../../db/schema.js';
import { renderReturnLabel } from '../../../integrations/labels/returnLabel.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { readTogether } from '../../kernel/readTogether.js';
import { carrierDocumentOfReturn } from '../../logistics/shipments/shipmentQueries.js';
import { getReturnLabelData } from '../../returns/returnLabel.js';
import { notifyStaff } from '../notifications/notifyStaff.js';
import type { Mailer, OutgoingMail, SendLimits } from './mailer.js';
import { renderEmailRow } from './renderEmailRow.js';
import { recordSentEmail } from './sentEmails.js';

export type EmailOutcome = 'sent' | 'stored' | 'skipped' | 'failed' | 'deferred';

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

/** How many times an e-mail makes way for an earlier one of its return (2 s each) before it goes
 * anyway: one that is stuck (retrying, failing) does not hold the rest back for long. */
const MAX_DEFERRALS = 10;

/** The e-mails, each with the earlier e-mails of the same return still waiting to go, in one read. */
async function readEmails(ctx: AppContext, emailIds: string[]) {
  const rows = await ctx.db
    .selectFrom('emails as e')
    .selectAll('e')
    .select(
      sql<string[]>`array(
        select earlier.id from emails as earlier
        where earlier.return_id = e.return_id and earlier.notification_id is null
          and earlier.status = 'pending' and earlier.attempts = 0 and earlier.id < e.id
        order by earlier.id)`.as('earlier_pending'),
    )
    .where('e.id', '=', sql<string>`any(${emailIds}::text[])`)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** An e-mail read with the others whose sending starts in the same turn (one batch of jobs). */
const readEmail = readTogether((id: string) => id, readEmails);

/** How long a later e-mail waits here for the earlier ones before it makes way: a third of the
 * time its try has to hand its message over (HAND_OVER_WITHIN_MS), so a chain of slow sends leaves
 * it time to go. */
const WAIT_FOR_EARLIER_MS = 10_000;

/** How long a try has, from its start (its job's), to hand its whole message over: the wait for
 * earlier e-mails (WAIT_FOR_EARLIER_MS, 10 s), the reads and the rendering, the wait for a free
 * SMTP connection (at most 10 s, smtpTransport.ts), connecting, the greeting, the envelope and the
 * message itself. A try not that far by then fails unsent (the connection is closed before the
 * message's end, which the server discards) and is tried again later; each step's own timeout
 * (nodemailer's connection, greeting and socket timeouts: 15 + 15 + 30 s, the socket's per reply)
 * adds up to more than the job's expiry, so this bound is the one the whole try keeps to. */
const HAND_OVER_WITHIN_MS = 30_000;
/** By when, from its start, a try ends whatever happens: the server has 20 s to answer a message
 * handed over. One that does not fails the try; the server may have taken it, and the next try
 * sends it again with the same Message-ID. */
const ANSWER_WITHIN_MS = HAND_OVER_WITHIN_MS + 20_000;
/** An e-mail job still active after this lost its worker, and pg-boss hands it out again: a try
 * ends within ANSWER_WITHIN_MS (30 s to hand over + 20 s for the answer), and 10 s more leave time
 * to write its outcome and complete its job, so no send is still going on when its job is handed
 * out again (the shopper would get the e-mail twice): 30 + 20 + 10 = 60 s. */
export const EMAIL_EXPIRY_SECONDS = ANSWER_WITHIN_MS / 1000 + 10;

/** The e-mails this process is sending now, by id, with what became of them. */
const sending = new Map<string, Promise<EmailOutcome>>();

/**
 * Whether an e-mail goes now after the earlier ones of its return: when this process is sending
 * every one of them (workers take a return's e-mails side by side) it waits for them here, which
 * costs no trip through the queue; it goes after them unless one made way itself. Answers false
 * when an earlier one is not being sent here (another process has it, or its job has not been
 * taken yet).
 */
async function earlierOnesWentHere(earlier: readonly string[], waitMs: number): Promise<boolean> {
  const here = earlier.map((id) => sending.get(id));
  if (here.some((p) => p === undefined)) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  const outcomes = await Promise.race([Promise.allSettled(here), late]).finally(() => clearTimeout(timer));
  // Still going after the wait: answered as not gone, so this one makes way.
  if (outcomes === null) return false;
  // A failed try counts as gone, as it does for an e-mail that reads the earlier one's attempts.
  return outcomes.every((o) => o.status === 'rejected' || o.value !== 'deferred');
}

export interface SendOptions {
  /** How often this e-mail has made way already. */
  deferred?: number;
  /** Queues this e-mail again a moment later (the worker's job queue). */
  defer?: () => Promise<void>;
  /** How long it waits for earlier e-mails being sent here before it makes way (ms; tests). */
  waitForEarlierMs?: number;
  /** How long from its start the try has to hand the message over, and to have its answer (ms;
   * tests). */
  handOverWithinMs?: number;
  answerWithinMs?: number;
}

/**
 * Sends one e-mail. The first try renders it and keeps what was rendered on the row with its
 * outcome, so every retry sends the same message with the same Message-ID, and the back office
 * shows exactly what went out. An e-mail already sent (or stored in the local mailbox) is never sent again.
 */
export function sendEmail(ctx: AppContext, emailId: string, options: SendOptions = {}): Promise<EmailOutcome> {
  const work = sendEmailNow(ctx, emailId, options);
  sending.set(emailId, work);
  const forget = () => {
    if (sending.get(emailId) === work) sending.delete(emailId);
  };
  work.then(forget, forget);
  return work;
}

async function sendEmailNow(ctx: AppContext, emailId: string, options: SendOptions): Promise<EmailOutcome> {
  // The try's bounds run from now, on the process's clock (the transport's timers run on it too).
  const startedAt = Date.now();
  const limits: SendLimits = {
    handOverBy: startedAt + (options.handOverWithinMs ?? HAND_OVER_WITHIN_MS),
    answerBy: startedAt + (options.answerWithinMs ?? ANSWER_WITHIN_MS),
  };
  const mailer = ctx.mail;
  const read = await readEmail(ctx, emailId);
  if (read?.status !== 'pending') return 'skipped';
  const { earlier_pending: earlierPending, ...row } = read;
  // Steps of a return that follow each other quickly are sent by workers side by side; a later
  // one goes after the earlier ones, so the shopper reads them in order. It waits for them when
  // they are being sent here, for a while; else it makes way (is queued again a moment later),
  // without holding a worker that the earlier one may need.
  const ordered = Boolean(row.return_id && !row.notification_id && earlierPending.length > 0);
  const waitMs = options.waitForEarlierMs ?? WAIT_FOR_EARLIER_MS;
  if (
    ordered &&
    !(await earlierOnesWentHere(earlierPending, waitMs)) &&
    options.defer &&
    (options.deferred ?? 0) < MAX_DEFERRALS
  ) {
    await options.defer();
    return 'deferred';
  }
  const rendered = await renderOnce(ctx, row);
  if (!rendered) return 'failed';
  const settings = await getShopSettingsCached(ctx.caches, ctx.db);
  const shop = { name: settings.name, supportEmail: settings.supportEmail };
  const attachments = await attachmentsOf(ctx, row.return_id, rendered.attachments);
  const from = fromAddress(mailer, shop);
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'localhost';
  const messageId = row.message_id ?? `<${row.id}@${domain}>`;
  return deliver(ctx, row.id, messageId, rendered.keep, limits, {
    from,
    to: rendered.recipient,
    replyTo: shop.supportEmail,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId,
    attachments,
  });
}

type EmailRow = Selectable<EmailsTable>;

/** What a first try rendered, to keep on the row with the try's outcome. */
type Rendered = Pick<Updateable<EmailsTable>, 'recipient' | 'locale' | 'subject' | 'html' | 'text_body' | 'attachments'>;

/** What was rendered on the first try, or the e-mail rendered now (`keep`: to be written with the
 * outcome of this try, in the same statement); null (the e-mail marked failed) when it cannot be
 * rendered. */
async function renderOnce(ctx: AppContext, row: EmailRow) {
  if (row.subject && row.html && row.text_body && row.recipient)
    return {
      subject: row.subject,
      html: row.html,
      text: row.text_body,
      recipient: row.recipient,
      attachments: row.attachments,
      keep: {} as Rendered,
    };
  const r = await renderEmailRow(ctx, row);
  if (!r.ok) {
    await ctx.db
      .updateTable('emails')
      .set({ status: 'failed', last_error: r.reason, updated_at: ctx.now() })
      .where('id', '=', row.id)
      .execute();
    return null;
  }
  const keep: Rendered = {
    recipient: r.recipient,
    locale: r.locale,
    subject: r.subject,
    html: r.html,
    text_body: r.text,
    attachments: JSON.stringify(r.attachments),
  };
  return { ...r, keep };
}

/** The files the e-mail names, made now: Retour's own label, or the carrier's label or QR code. */
async function attachmentsOf(
  ctx: AppContext,
  returnId: string | null,
  named: EmailAttachment[],
): Promise<OutgoingMail['attachments']> {
  const attachments: OutgoingMail['attachments'] = [];
  for (const a of named) {
    if (a.source === 'carrier_label' || a.source === 'carrier_qr') {
      const document = returnId
        ? await carrierDocumentOfReturn(ctx.db, returnId, a.source === 'carrier_qr' ? 'qr' : 'label')
        : null;
      // A label voided since (the return was cancelled) is not sent; the e-mail still goes.
      if (document) attachments.push({ filename: a.filename, contentType: document.contentType, content: document.body });
      continue;
    }
    try {
      if (!returnId) continue;
      const label = await getReturnLabelData(ctx.db, ctx.caches, returnId);
      attachments.push({ filename: a.filename, contentType: a.contentType, content: await renderReturnLabel(label) });
    } catch {
      // A return that can no longer be shipped (cancelled since) has no label; the e-mail still goes.
    }
  }
  return attachments;
}

/** Hands the mail to the transport within the try's limits and records the outcome, with what the
 * first try rendered (so every retry sends the same message); a failed try counts and is retried. */
async function deliver(
  ctx: AppContext,
  emailId: string,
  messageId: string,
  rendered: Rendered,
  limits: SendLimits,
  mail: OutgoingMail,
): Promise<EmailOutcome> {
  const mailer = ctx.mail;
  try {
    await mailer.transport.send(mail, limits);
  } catch (err) {
    await ctx.db
      .updateTable('emails')
      .set((eb) => ({
        ...rendered,
        attempts: eb('attempts', '+', 1),
        last_error: (err as Error).message.slice(0, 500),
        message_id: messageId,
        updated_at: ctx.now(),
      }))
      .where('id', '=', emailId)
      .execute();
    throw new EmailNotSent((err as Error).message);
  }
  const status = mailer.transport.kind === 'smtp' ? 'sent' : 'stored';
  // Written with the other e-mails sent meanwhile (see sentEmails.ts), before the job completes.
  await recordSentEmail(ctx, { id: emailId, rendered, status, transport: mailer.transport.kind, messageId, at: ctx.now() });
  return status;
}

/** The last try failed: the e-mail is marked failed (the back office lists it and can send it
 * again), and staff who can are told, unless it was itself a notification for staff. */
export async function giveUpEmail(ctx: AppContext, emailId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const now = ctx.now();
    const failed = await tx
      .updateTable('emails')
      .set({ status: 'failed', updated_at: now })
      .where('id', '=', emailId)
      .where('status', '=', 'pending')
      .returning(['id', 'kind', 'return_id', 'recipient', 'subject', 'last_error', 'notification_id'])
      .executeTakeFirst();
    if (!failed || failed.notification_id) return;
    await notifyStaff(
      ctx,
      tx,
      [
        {
          kind: 'email_failed',
          dedupeKey: `email_failed:${failed.id}:${now.getTime()}`,
          returnId: failed.return_id,
          subjectType: 'email',
          subjectId: failed.id,
          facts: { subject: failed.subject, recipient: failed.recipient, error: failed.last_error },
        },
      ],
      now,
    );
  });
}
