import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendLimits } from '../../app/messaging/emails/mailer.js';

/** How long a send waits for a connection when every one is busy, before it fails unsent (its
 * job tries again later), unless its limit to hand the message over comes sooner. The worker runs
 * no more e-mails at once than there are connections, so a send waits here only when something
 * else shares the transport. */
const CONNECTION_WAIT_MS = 10_000;

export interface SmtpTransportOptions {
  /** Connections in the pool, and messages handed over at the same time (at least 1): the
   * process's RETOUR_SMTP_CONNECTIONS, given by whoever makes the transport. */
  connections: number;
  /** How long a send waits for a free connection (ms; tests). */
  connectionWaitMs?: number;
}

/** Places for `size` sends at a time: a send waits at most `waitMs` for one, then is refused. */
function connectionPlaces(size: number) {
  let free = size;
  const waiting: { take: () => void }[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next.take();
    else free++;
  };
  const acquire = (waitMs: number, why: string) =>
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
        reject(new Error(`all ${size} SMTP connections stayed busy for ${waitMs} ms${why}; not sent`));
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
 *
 * A send keeps to its limits (SendLimits): one whose message has not been handed over entirely by
 * `handOverBy`, wherever it is (waiting for a connection, connecting, waiting for the greeting or
 * a reply to the envelope, sending the message), is aborted: nodemailer closes its connection
 * before the message's end, so the server discards what it had, and the send fails unsent. Once
 * the message's end is on its way it is no longer aborted then, as the server may take it at any
 * moment: the send waits for the answer until `answerBy`, and only then gives up.
 */
export function smtpTransport(url: string, options: SmtpTransportOptions): MailTransport {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error('RETOUR_SMTP_URL must start with smtp:// or smtps://');
  }
  const connections = Math.max(1, options.connections);
  const places = connectionPlaces(connections);
  const connectionWaitMs = options.connectionWaitMs ?? CONNECTION_WAIT_MS;
  const transporter = pooledTransporter(parsed, connections);
  const handedOver = tellWhenHandedOver(transporter);

  return {
    kind: 'smtp',
    connections,
    send: async (mail: OutgoingMail, limits?: SendLimits) => {
      const left = limits ? limits.handOverBy - Date.now() : Number.POSITIVE_INFINITY;
      if (left <= 0) throw new Error('no time was left to hand the message over to the SMTP server; not sent');
      await places.acquire(
        Math.min(connectionWaitMs, left),
        left < connectionWaitMs ? ' (its limit to hand the message over)' : '',
      );
      try {
        await handOver(transporter, handedOver, mail, limits);
      } finally {
        places.release();
      }
    },
    close: () => transporter.close(),
  };
}

/** nodemailer's pooled transport to the server of an smtp:// or smtps:// URL, with `connections`
 * connections at most. */
function pooledTransporter(parsed: URL, connections: number) {
  return nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: connections,
    // Each bounds one step (the socket's: each reply); the send's limits bound them all together.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
    // A local relay (loopback) may use a self-made certificate; anything else must be valid.
    tls: { rejectUnauthorized: !['127.0.0.1', 'localhost', '::1'].includes(parsed.hostname) },
  });
}

type PooledTransporter = ReturnType<typeof pooledTransporter>;

/** Who to tell, per send (by its abort signal), that its whole message has been handed over. */
type HandedOver = WeakMap<AbortSignal, () => void>;

/** Tells a send, through the map returned, when the whole message has been read by the connection
 * sending it: the end of the stream nodemailer pipes into the DATA (its last stage) comes just
 * before nodemailer writes the message's end (<CRLF>.<CRLF>), in the same turn, so no abort can
 * come in between. */
function tellWhenHandedOver(transporter: PooledTransporter): HandedOver {
  const handedOver: HandedOver = new WeakMap();
  transporter.use('stream', (message, done) => {
    const signal = message.data.signal;
    const told = signal ? handedOver.get(signal) : undefined;
    if (told)
      message.message.processFunc((output) => {
        output.once('end', told);
        return output;
      });
    done();
  });
  return handedOver;
}

/** Hands one message to nodemailer, aborted when it is not handed over by `handOverBy` or not
 * answered by `answerBy`. */
async function handOver(
  transporter: PooledTransporter,
  handedOver: HandedOver,
  mail: OutgoingMail,
  limits: SendLimits | undefined,
) {
  const abort = new AbortController();
  let over = false;
  let handOverTimer: NodeJS.Timeout | undefined;
  let answerTimer: NodeJS.Timeout | undefined;
  if (limits) {
    handOverTimer = setTimeout(() => {
      if (!over) abort.abort(new Error('the message was not handed over to the SMTP server within its limit; not sent'));
    }, limits.handOverBy - Date.now());
    answerTimer = setTimeout(() => {
      abort.abort(
        new Error('the SMTP server did not answer the message within its limit; it may have been delivered nevertheless'),
      );
    }, limits.answerBy - Date.now());
    handedOver.set(abort.signal, () => {
      over = true;
      clearTimeout(handOverTimer);
    });
  }
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
      signal: abort.signal,
    });
  } catch (err) {
    // nodemailer's own error says only that the send was aborted; the reason says why.
    throw abort.signal.aborted ? abort.signal.reason : err;
  } finally {
    clearTimeout(handOverTimer);
    clearTimeout(answerTimer);
  }
}
