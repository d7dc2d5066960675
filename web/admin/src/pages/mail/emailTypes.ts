/** E-mails as the API answers them (the types of its response schemas). */

export { SHOPPER_EMAIL_KINDS as EMAIL_KINDS } from '../../../../../src/domain/email/shopperEmails.js';
export type { EmailPage, EmailSummary, EmailView } from '../../../../../src/http/routes/messaging/emails/schema.js';
