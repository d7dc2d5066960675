/** One message as it leaves Retour. */
export interface OutgoingMail {
  from: string;
  to: string;
  replyTo: string | null;
  subject: string;
  html: string;
  text: string;
  /** Our own Message-ID, the same on every try: a receiving system can drop a repeat. */
  messageId: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** Where e-mail goes: an SMTP server, or (without one) the local mailbox the back office shows. */
export interface MailTransport {
  kind: 'smtp' | 'mailbox';
  /** How many messages it hands over at the same time (an SMTP transport: its pooled
   * connections); the e-mail queue runs as many jobs at once, so no send waits for a connection.
   * Unset: no limit of its own. */
  connections?: number;
  /** Hands the message over; `limits` bound how long that may take (without them, the transport's
   * own timeouts alone). */
  send(mail: OutgoingMail, limits?: SendLimits): Promise<void>;
  close?(): void;
}

/** When a send must be over, as moments on the process's clock (ms since the epoch, Date.now()):
 * a send's job is handed out again after its expiry, and a send still going on then could reach
 * the shopper twice. */
export interface SendLimits {
  /** By when the whole message must have been handed over (an SMTP server: the end of its DATA).
   * A send not that far by then is given up unsent: the connection is closed before the message's
   * end, which the server discards, so trying again later cannot make a second copy. */
  handOverBy: number;
  /** By when the send ends whatever happens. A message handed over whose answer has not come by
   * then fails too, but the server may have taken it: a second try may deliver it twice (with the
   * same Message-ID, which lets a receiving system drop the repeat). */
  answerBy: number;
}

declare module '../../kernel/context.js' {
  interface AppPorts {
    /** Where e-mail goes, from whom, and the portal links it carries. */
    mail: Mailer;
  }
}

/** What sending and previewing e-mail needs besides the database. */
export interface Mailer {
  transport: MailTransport;
  /** The From address; without one, "<shop name> <support e-mail>" or a no-reply on the host. */
  from: string | null;
  /** The portal's address, for the status link in every e-mail. */
  portalUrl: string | null;
  /** The token of a return's status page (see ShopperTokens.statusLink). */
  statusToken: ((claims: { returnId: string; customerId: string; orderId: string; createdAt: Date }) => string) | null;
}

/** Keeps e-mail in the database only: status `stored`, readable in the back office's mailbox. */
export const mailboxTransport: MailTransport = { kind: 'mailbox', send: async () => undefined };
