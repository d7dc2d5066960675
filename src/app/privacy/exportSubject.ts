import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';

/** Whom an access request is about: a customer row, or the e-mail address the shopper gave. */
export type ExportAsked = { customerId: string } | { email: string };

/** The person an export is about: every customer row that is theirs. */
export interface ExportSubject {
  /** The row asked for (or the oldest with the e-mail asked), first; the others after it. */
  customerIds: string[];
  /** The e-mail addresses of those rows, as stored. */
  emails: string[];
  /** Their normal forms (retour_normal_email): what e-mails kept in the mailbox are matched on. */
  normalEmails: string[];
}

/**
 * The customer rows of one person. GDPR gives the right to a person, not to a row: a shopper who
 * ordered through the webshop and a marketplace, or as `Jan.Smit+shop@gmail.com` and
 * `jansmit@gmail.com`, has several rows. Rows whose e-mail has the same normal form as the one
 * asked for (the same SQL function the risk lists compare by: lower case, no `+tag`, Gmail's dots
 * dropped) are the same mailbox and so the same person; all of them are exported together. Shared
 * phones, addresses or cards are not enough: a household shares a door, and its members each ask
 * for their own data.
 */
export async function findExportSubject(db: RetourDb, asked: ExportAsked): Promise<ExportSubject> {
  const email =
    'customerId' in asked
      ? (await db.selectFrom('customers').select('email').where('id', '=', asked.customerId).executeTakeFirst())?.email
      : asked.email.trim();
  if (email === undefined) throw notFound('Customer', 'customerId' in asked ? asked.customerId : '');
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'email', sql<string | null>`retour_normal_email(email)`.as('normal')])
    .where((eb) =>
      eb.or([
        eb(eb.fn('lower', ['email']), '=', email.toLowerCase()),
        eb(sql`retour_normal_email(email)`, '=', sql`retour_normal_email(${email})`),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (rows.length === 0) throw notFound('Customer', 'customerId' in asked ? asked.customerId : email);
  const first = 'customerId' in asked ? asked.customerId : rows[0]?.id;
  const ids = [first, ...rows.map((r) => r.id).filter((id) => id !== first)].filter((id): id is string => !!id);
  return {
    customerIds: ids,
    emails: [...new Set(rows.map((r) => r.email))],
    normalEmails: [...new Set(rows.map((r) => r.normal ?? r.email.toLowerCase()))],
  };
}
