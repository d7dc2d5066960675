/**
 * An e-mail to a shopper or staff: pending until the mailer took it, then sent (handed to SMTP)
 * or stored (kept in the database, readable in the back office's mailbox, when no SMTP server is
 * set up); failed when it could not be sent. Staff may resend any that is not pending, which makes
 * it pending again. No group is needed beyond "pending" (the one that is still worked on).
 */
export const EMAIL_STATUSES = ['pending', 'sent', 'stored', 'failed'] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
