/** An e-mail to a shopper as the API lists it. */
export interface EmailSummary {
  id: string;
  kind: string;
  returnId: string | null;
  returnNumber: string | null;
  recipient: string | null;
  locale: string | null;
  subject: string | null;
  status: 'pending' | 'sent' | 'stored' | 'failed';
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

export { SHOPPER_EMAIL_KINDS as EMAIL_KINDS } from '../../../../../src/domain/email/shopperEmails.js';
