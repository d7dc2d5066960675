import { z } from 'zod';
import { EMAIL_STATUSES } from '../../../../domain/email/emailStatus.js';
import { SHOPPER_EMAIL_KINDS } from '../../../../domain/email/shopperEmails.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { cursorQuery, instant, limitQuery, noBody, pageOf, type Wire } from '../../common.js';

const returnId = z.string().min(1).max(64);

export const listEmailsQuery = z.strictObject({
  returnId: returnId.optional(),
  status: z.enum(EMAIL_STATUSES).optional(),
  kind: z.enum(SHOPPER_EMAIL_KINDS).optional(),
  cursor: cursorQuery,
  limit: limitQuery,
});
export const previewQuery = z.strictObject({
  kind: z.enum(SHOPPER_EMAIL_KINDS),
  locale: z.enum(SHOPPER_LOCALES),
  returnId: returnId.optional(),
});
export const resendBody = noBody;

/** An e-mail in the mailbox, without its content. */
export const emailSummary = z.object({
  id: z.string(),
  kind: z.string().describe('A shopper e-mail kind (approved, refunded, …) or a staff notification'),
  returnId: z.string().nullable(),
  returnNumber: z.string().nullable(),
  recipient: z.string().nullable(),
  locale: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.enum(EMAIL_STATUSES).describe('stored: kept in the mailbox here because no SMTP server is set up'),
  transport: z.string().nullable(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  attachments: z.array(z.string()).describe('File names'),
  createdAt: instant,
  sentAt: instant.nullable(),
});
export const emailPage = pageOf(emailSummary);

/** An e-mail with what was sent. */
export const emailView = emailSummary.extend({
  messageId: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string().nullable(),
});

export const emailPreview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  recipient: z.string().nullable().describe("The return's shopper; null for the sample return"),
});

export const resentEmail = z.object({
  id: z.string(),
  status: z.enum(EMAIL_STATUSES),
  resent: z.boolean().describe('false: it was still waiting to be sent, so nothing changed'),
});

export type EmailSummary = Wire<typeof emailSummary>;
export type EmailPage = Wire<typeof emailPage>;
export type EmailView = Wire<typeof emailView>;
export type EmailPreview = Wire<typeof emailPreview>;
