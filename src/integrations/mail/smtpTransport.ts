import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail } from '../../app/messaging/emails/mailer.js';

/**
 * E-mail over SMTP with nodemailer, from a URL such as smtp://user:pass@mail.example.com:587
 * (STARTTLS when the server offers it) or smtps://… (TLS from the start). Connections are pooled;
 * a message the server refuses throws, and the job that sent it tries again later.
 */
export function smtpTransport(url: string): MailTransport {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error('RETOUR_SMTP_URL must start with smtp:// or smtps://');
  }
  const transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // A local relay (loopback) may use a self-made certificate; anything else must be valid.
    tls: { rejectUnauthorized: !['127.0.0.1', 'localhost', '::1'].includes(parsed.hostname) },
  });
  return {
    kind: 'smtp',
    send: async (mail: OutgoingMail) => {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: mail.messageId,
        attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
      });
    },
    close: () => transporter.close(),
  };
}
