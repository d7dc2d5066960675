import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail } from '../../app/messaging/emails/mailer.js';
import { DEFAULT_SMTP_CONNECTIONS } from '../../config/env.js';

/** How long a send waits for a connection when every one is busy, before it fails unsent (its
 * job tries again later): far below the e-mail job's 60 s expiry, so a send never starts after
 * pg-boss may have handed its job out again. The worker runs no more e-mails at once than there
 * are connections, so a send waits here only when something else shares the transport. */
const CONNECTION_WAIT_MS = 10_000;

export interface SmtpTransportOptions {
  /** Connections in the pool, and messages handed over at the same time (at least 1). */
  connections?: number;
  /** How long a send waits for a free connection (ms; tests). */
  connectionWaitMs?: number;
}

/** Places for `size` sends at a time: a send waits at most `waitMs` for one, then is refused. */
function connectionPlaces(size: number, waitMs: number) {
  let free = size;
  const waiting: { take: () => void }[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next.take();
    else free++;
  };
  const acquire = () =>
    new Promise<void>((resolve, reject) => {
      if (free > 0) {
        free--;
        resolve();
        return;
      }
      const waiter = {
        take: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`all ${size} SMTP connections stayed busy for ${waitMs} ms; not sent`));
      }, waitMs);
      waiting.push(waiter);
    });
  return { acquire, release };
}

/**
 * E-mail over SMTP with nodemailer, from a URL such as smtp://user:pass@mail.example.com:587
 * (STARTTLS when the server offers it) or smtps://… (TLS from the start). Connections are pooled,
 * and no more messages are handed to nodemailer at once than there are connections: nodemailer
 * would queue the rest without a time limit. A message the server refuses throws, and the job
 * that sent it tries again later.
 */
export function smtpTransport(url: string, options: SmtpTransportOptions = {}): MailTransport {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error('RETOUR_SMTP_URL must start with smtp:// or smtps://');
  }
  const connections = Math.max(1, options.connections ?? DEFAULT_SMTP_CONNECTIONS);
  const places = connectionPlaces(connections, options.connectionWaitMs ?? CONNECTION_WAIT_MS);
  const transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: connections,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // A local relay (loopback) may use a self-made certificate; anything else must be valid.
    tls: { rejectUnauthorized: !['127.0.0.1', 'localhost', '::1'].includes(parsed.hostname) },
  });
  return {
    kind: 'smtp',
    connections,
    send: async (mail: OutgoingMail) => {
      await places.acquire();
      try {
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
      } finally {
        places.release();
      }
    },
    close: () => transporter.close(),
  };
}
