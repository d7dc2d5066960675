import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { EmailStatus } from '../../../domain/email/emailStatus.js';
import { notFound } from '../../../domain/errors.js';
import { decodeCursor, type Page, toPage } from '../../kernel/pagination.js';

export interface EmailSummary {
  id: string;
  kind: string;
  returnId: string | null;
  returnNumber: string | null;
  recipient: string | null;
  locale: string | null;
  subject: string | null;
  status: EmailStatus;
  transport: string | null;
  attempts: number;
  lastError: string | null;
  attachments: string[];
  createdAt: string;
  sentAt: string | null;
}

export interface EmailView extends EmailSummary {
  messageId: string | null;
  html: string | null;
  text: string | null;
}

interface SummaryRow {
  id: string;
  kind: string;
  return_id: string | null;
  number: string | null;
  recipient: string | null;
  locale: string | null;
  subject: string | null;
  status: EmailStatus;
  transport: string | null;
  attempts: number;
  last_error: string | null;
  attachments: { filename: string }[];
  created_at: Date;
  sent_at: Date | null;
}

function presentSummary(e: SummaryRow): EmailSummary {
  return {
    id: e.id,
    kind: e.kind,
    returnId: e.return_id,
    returnNumber: e.number,
    recipient: e.recipient,
    locale: e.locale,
    subject: e.subject,
    status: e.status,
    transport: e.transport,
    attempts: e.attempts,
    lastError: e.last_error,
    attachments: e.attachments.map((a) => a.filename),
    createdAt: e.created_at.toISOString(),
    sentAt: e.sent_at?.toISOString() ?? null,
  };
}

/** E-mails newest first: all, of one return, or in one state. One query. */
export async function listEmails(
  db: Kysely<Database>,
  filter: { returnId?: string; status?: EmailStatus; kind?: string; cursor?: string; limit?: number },
): Promise<Page<EmailSummary>> {
  const before = filter.cursor ? decodeCursor(filter.cursor) : undefined;
  const limit = Math.min(Math.max(filter.limit ?? 25, 1), 100);
  let q = db
    .selectFrom('emails as e')
    .leftJoin('returns as r', 'r.id', 'e.return_id')
    .select([
      'e.id',
      'e.kind',
      'e.return_id',
      'r.number',
      'e.recipient',
      'e.locale',
      'e.subject',
      'e.status',
      'e.transport',
      'e.attempts',
      'e.last_error',
      'e.attachments',
      'e.created_at',
      'e.sent_at',
    ])
    .orderBy('e.id', 'desc')
    .limit(limit + 1);
  if (filter.returnId) q = q.where('e.return_id', '=', filter.returnId);
  if (filter.status) q = q.where('e.status', '=', filter.status);
  if (filter.kind) q = q.where('e.kind', '=', filter.kind);
  if (before) q = q.where('e.id', '<', before);
  const page = toPage(await q.execute(), limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(presentSummary),
  };
}

/** One e-mail with what was sent: subject, HTML and text. */
export async function getEmail(db: Kysely<Database>, id: string): Promise<EmailView> {
  const e = await db
    .selectFrom('emails as e')
    .leftJoin('returns as r', 'r.id', 'e.return_id')
    .selectAll('e')
    .select('r.number')
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!e) throw notFound('E-mail', id);
  return {
    ...presentSummary(e),
    messageId: e.message_id,
    html: e.html,
    text: e.text_body,
  };
}
