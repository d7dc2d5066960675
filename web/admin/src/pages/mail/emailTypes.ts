/** E-mails as the API answers them (the server's own types). */
export type { EmailSummary, EmailView } from '../../../../../src/app/messaging/emails/emailQueries.js';
export { SHOPPER_EMAIL_KINDS as EMAIL_KINDS } from '../../../../../src/domain/email/shopperEmails.js';
