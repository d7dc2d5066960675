import { sql } from 'kysely';
import { BatchedWriter, writerPerContext } from '../../kernel/batchedWriter.js';
import type { AppContext } from '../../kernel/context.js';

/** An e-mail the transport took: what its first try rendered (nothing on a retry, which sends what
 * the row keeps) and how it went. */
export interface SentEmail {
  id: string;
  rendered: {
    recipient?: string | null;
    locale?: string | null;
    subject?: string | null;
    html?: string | null;
    text_body?: string | null;
    attachments?: string;
  };
  status: 'sent' | 'stored';
  transport: string;
  messageId: string;
  at: Date;
}

/** The sent e-mails' rows in one statement: what was rendered (kept where a retry rendered
 * nothing), the outcome, one more try. */
async function writeSent(ctx: AppContext, sent: SentEmail[]): Promise<boolean[]> {
  const values = sql.join(
    sent.map(
      (e) =>
        sql`(${e.id}, ${e.rendered.recipient ?? null}::text, ${e.rendered.locale ?? null}::text, ${e.rendered.subject ?? null}::text, ${e.rendered.html ?? null}::text, ${e.rendered.text_body ?? null}::text, ${e.rendered.attachments ?? null}::jsonb, ${e.status}::text, ${e.transport}::text, ${e.messageId}::text, ${e.at}::timestamptz)`,
    ),
  );
  await sql`
    update emails as e
    set recipient = coalesce(v.recipient, e.recipient), locale = coalesce(v.locale, e.locale),
      subject = coalesce(v.subject, e.subject), html = coalesce(v.html, e.html), text_body = coalesce(v.text_body, e.text_body),
      attachments = coalesce(v.attachments, e.attachments), status = v.status, transport = v.transport,
      message_id = v.message_id, attempts = e.attempts + 1, last_error = null, sent_at = v.at, updated_at = v.at
    from (values ${values}) as v(id, recipient, locale, subject, html, text_body, attachments, status, transport, message_id, at)
    where e.id = v.id`.execute(ctx.db);
  return sent.map(() => true);
}

const sentOf = writerPerContext((ctx: AppContext) => new BatchedWriter<SentEmail>((sent) => writeSent(ctx, sent)));

/** Records that the transport took an e-mail: the e-mails sent while a write runs go together in the next. */
export async function recordSentEmail(ctx: AppContext, sent: SentEmail): Promise<void> {
  await sentOf(ctx).write(sent);
}
