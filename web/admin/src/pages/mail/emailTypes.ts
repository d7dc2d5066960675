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

export const EMAIL_KINDS = [
  'requested',
  'approved',
  'rejected',
  'ship_by_reminder',
  'in_transit',
  'received',
  'inspected',
  'refunded',
  'credited',
  'exchange_shipped',
  'withdrawal_confirmed',
] as const;
