import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { RetourDb } from '../../../db/connection.js';
import { keptQuery } from '../../../db/keptQuery.js';
import type { EmailAttachment } from '../../../db/schema.js';
import type { CarrierEmailFacts, EmailLine, ShopperEmailModel } from '../../../domain/email/renderShopperEmail.js';
import { type ShopperEmailKind, settledAmount } from '../../../domain/email/shopperEmails.js';
import { notFound } from '../../../domain/errors.js';
import { isShopperLocale, type ShopperLocale } from '../../../domain/policy/messages.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import { readTogether } from '../../kernel/readTogether.js';
import { type CarrierLabelFacts, carrierLabelFactsOfReturns } from '../../logistics/shipments/labelEmailFacts.js';
import type { Mailer } from './mailer.js';

export interface LoadedShopperEmail {
  recipient: string;
  locale: ShopperLocale;
  model: ShopperEmailModel;
  attachments: EmailAttachment[];
}

/** The shopper's language if the shop offers it, else the shop's own default. */
export function emailLocale(customerLocale: string | null, shop: { default_locale: string; locales: string[] }): ShopperLocale {
  const wanted = customerLocale?.slice(0, 2).toLowerCase();
  if (isShopperLocale(wanted) && shop.locales.includes(wanted)) return wanted;
  return isShopperLocale(shop.default_locale) ? shop.default_locale : 'en';
}

function statusUrl(mailer: Pick<Mailer, 'portalUrl' | 'statusToken'>, claims: Parameters<NonNullable<Mailer['statusToken']>>[0]) {
  if (!mailer.portalUrl || !mailer.statusToken) return null;
  return `${mailer.portalUrl.replace(/\/$/, '')}/returns/status#${mailer.statusToken(claims)}`;
}

type EmailRequest = { kind: ShopperEmailKind; returnId: string; eventId: string | null };

/**
 * What one e-mail about a return shows, read as the return stands when it is rendered, with the
 * facts of the event that asked for it (the amount refunded, the tracking number shipped). One
 * query whatever the return's size, and one for the carrier's facts where the e-mail tells of a label (the shop's settings are cached).
 */
export async function loadShopperEmail(ctx: AppContext, email: EmailRequest): Promise<LoadedShopperEmail> {
  const { db, mail: mailer } = ctx;
  const kind = email.kind;
  // Where a carrier books the parcel, its label (not Retour's own, which no carrier accepts) goes
  // to the shopper in the label_ready e-mail; its facts are read alongside the return.
  const [{ ret, shop, lines, event }, carrier] = await Promise.all([
    readEmailRows(ctx, email),
    // A return not found fails its e-mail below.
    kind === 'approved' || kind === 'label_ready' ? readCarrierFacts(ctx, email.returnId).then((f) => f ?? null) : null,
  ]);
  const data = (event?.data ?? {}) as Record<string, unknown>;
  const counter = kind === 'store_receipt' ? await counterMoney(db, ret.id) : null;
  const credit = kind === 'credited' || (counter && counter.credited > 0) ? await creditOf(db, ret, data) : null;
  const amount =
    kind === 'refunded' || kind === 'credited'
      ? { amount: settledAmount(data), currency: typeof data.currency === 'string' ? data.currency : ret.currency }
      : counter
        ? { amount: counter.total, currency: ret.currency }
        : null;
  const labelAttached = kind === 'approved' && (ret.method === 'label' || ret.method === 'qr') && !carrier?.expected;
  const tracking =
    // What went back to the shopper travels under its own tracking number, not the return's.
    kind === 'exchange_shipped' || kind === 'repair_shipped'
      ? typeof data.trackingNumber === 'string'
        ? data.trackingNumber
        : null
      : ret.tracking_number;

  return {
    recipient: ret.email || ret.order_email,
    locale: emailLocale(ret.locale, { default_locale: shop.defaultLocale, locales: shop.locales }),
    attachments: labelAttached
      ? [{ filename: `return-label-${ret.number}.pdf`, contentType: 'application/pdf', source: 'return_label' }]
      : kind === 'label_ready'
        ? carrierAttachments(ret.number, carrier)
        : [],
    model: {
      shop: { name: shop.name, logoUrl: shop.logoUrl, brandColor: shop.brandColor, supportEmail: shop.supportEmail },
      timeZone: shop.timezone,
      customerName: ret.first_name,
      returnNumber: ret.number,
      orderNumber: ret.order_number,
      method: ret.method,
      shipBy: ret.ship_by,
      pickup: ret.pickup_slot_start && ret.pickup_slot_end ? { from: ret.pickup_slot_start, to: ret.pickup_slot_end } : null,
      lines: linesShown(kind, lines),
      reason: event?.reason ?? ret.status_reason,
      trackingNumber: tracking,
      amount,
      credit,
      exchangeNumber: typeof data.exchangeOrderNumber === 'string' ? data.exchangeOrderNumber : null,
      declaredAt: ret.withdrawal_declared_at,
      statusUrl: statusUrl(mailer, {
        returnId: ret.id,
        customerId: ret.customer_id,
        orderId: ret.order_id,
        createdAt: ret.created_at,
      }),
      labelAttached,
      carrier: carrier && carrierEmailFacts(kind, carrier),
    },
  };
}

/** The carrier's document the shopper needs: its QR code, or a PDF label (a ZPL label is for
 * warehouse printers, not for a shopper's). */
function carrierAttachments(number: string, carrier: CarrierLabelFacts | null): EmailAttachment[] {
  const type = carrier?.booked?.labelContentType;
  if (type === 'image/png') return [{ filename: `return-qr-${number}.png`, contentType: type, source: 'carrier_qr' }];
  if (type === 'application/pdf') return [{ filename: `return-label-${number}.pdf`, contentType: type, source: 'carrier_label' }];
  return [];
}

function carrierEmailFacts(kind: ShopperEmailKind, carrier: CarrierLabelFacts): CarrierEmailFacts {
  const booked = carrier.booked;
  const type = booked?.labelContentType;
  const pickup = booked?.pickup;
  const point = carrier.servicePoint;
  return {
    labelFollows: kind === 'approved' && carrier.expected,
    attached: type === 'image/png' ? 'qr' : type === 'application/pdf' ? 'label' : null,
    servicePoint: point ? `${point.name}, ${point.address.line1}, ${point.address.postcode} ${point.address.city}` : null,
    pickup: pickup
      ? { from: new Date(pickup.slot.start), to: new Date(pickup.slot.end), confirmation: pickup.confirmation }
      : null,
    trackingUrl: booked?.trackingUrl ?? null,
  };
}

type EmailRows = Awaited<ReturnType<typeof readEmailRows>>;

/** The carrier's facts of a return, read with those of the other e-mails of the same batch. */
const readCarrierFacts = readTogether(
  (returnId: string) => returnId,
  (ctx, returnIds) => carrierLabelFactsOfReturns(ctx.db, returnIds),
);

/** Which return and event an e-mail is about, as one key. */
const requestKey = (r: { returnId: string; eventId: string | null }) => `${r.returnId} ${r.eventId ?? ''}`;

/** Each e-mail's return with its order, customer and lines, and the event that asked for it (the
 * event comes with the return: one read fewer per e-mail), in one statement for all of them. */
/** Built and compiled once (see keptQuery): every e-mail to a shopper reads it. The ids go in as
 * two arrays, whatever their number, so the statement stays one. */
export const returnRowsKept = keptQuery(
  (db: RetourDb, { returnIds, eventIds }: { returnIds: readonly string[]; eventIds: readonly string[] }) =>
    db
      .selectFrom(
        sql<{
          return_id: string;
          asked_event_id: string;
        }>`(select * from unnest(${returnIds}::text[], ${eventIds}::text[]) as asked(return_id, asked_event_id))`.as('q'),
      )
      .innerJoin('returns as r', 'r.id', 'q.return_id')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .leftJoin('events as ev', 'ev.id', 'q.asked_event_id')
      .select([
        'q.asked_event_id',
        'ev.id as event_id',
        'ev.reason as event_reason',
        'ev.data as event_data',
        'r.id',
        'r.number',
        'r.method',
        'r.currency',
        'r.ship_by',
        'r.pickup_slot_start',
        'r.pickup_slot_end',
        'r.tracking_number',
        'r.status_reason',
        'r.withdrawal_declared_at',
        'r.created_at',
        'r.customer_id',
        'o.id as order_id',
        'o.order_number',
        'o.email as order_email',
        'c.email',
        'c.first_name',
        'c.locale',
      ])
      // And its lines, in the order's order: one read for the whole e-mail. Each line's order line is
      // read by its key whatever the statistics say (`offset 0` keeps the planner from merging it into
      // a join): without statistics (a fresh database, PGlite) every order line of the shop was hashed
      // for each return.
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('return_lines as l')
            .innerJoinLateral(
              (lateral) =>
                lateral
                  .selectFrom('order_lines as ol')
                  .select(['ol.title', 'ol.line_number'])
                  .whereRef('ol.id', '=', 'l.order_line_id')
                  .offset(0)
                  .as('ol'),
              (join) => join.onTrue(),
            )
            .select(['ol.title', 'l.quantity', 'l.grade', 'l.acceptance', 'l.acceptance_reason', 'l.quantity_received'])
            .whereRef('l.return_id', '=', 'r.id')
            .orderBy('ol.line_number'),
        ).as('lines'),
      )
      // The returns asked for are read by their key too, not found by hashing every return.
      .where('r.id', '=', sql<string>`any(${returnIds}::text[])`),
);

async function readReturnRows(ctx: AppContext, emails: EmailRequest[]) {
  const returnIds = emails.map((e) => e.returnId);
  const eventIds = emails.map((e) => e.eventId ?? '');
  const rows = await returnRowsKept.execute(ctx.db, { returnIds, eventIds });
  return new Map(rows.map((r) => [requestKey({ returnId: r.id, eventId: r.asked_event_id || null }), r]));
}

const readReturnRow = readTogether(requestKey, readReturnRows);

/** The return with its order, customer and lines, the shop (its settings as cached: an e-mail is one of
 * many read in a burst), the return's lines and the event. */
async function readEmailRows(ctx: AppContext, email: EmailRequest) {
  const [ret, shop] = await Promise.all([readReturnRow(ctx, email), getShopSettingsCached(ctx.caches, ctx.db)]);
  if (!ret) throw notFound('Return', email.returnId);
  const event = ret.event_id ? { reason: ret.event_reason, data: ret.event_data } : undefined;
  return { ret, shop, lines: ret.lines, event };
}

/** The lines an e-mail of this kind is about: the rejected ones when lines were rejected, all
 * of them at request, those inspected after inspection, else the accepted ones. */
function linesShown(kind: ShopperEmailKind, lines: EmailRows['lines']): EmailLine[] {
  const accepted = lines.filter((l) => l.acceptance !== 'rejected');
  const shown =
    kind === 'rejected'
      ? lines.filter((l) => l.acceptance === 'rejected')
      : kind === 'requested' || kind === 'withdrawal_confirmed'
        ? lines
        : kind === 'inspected' || kind === 'store_receipt'
          ? accepted.filter((l) => l.grade !== null || l.quantity_received > 0)
          : accepted;
  return shown.map((l) => ({
    title: l.title,
    quantity: l.quantity,
    grade: l.grade,
    rejected: l.acceptance === 'rejected',
    reason: l.acceptance === 'rejected' ? l.acceptance_reason : null,
  }));
}

/** The store-credit account credited, with when the credit expires. */
async function creditOf(
  db: RetourDb,
  ret: EmailRows['ret'],
  data: Record<string, unknown>,
): Promise<ShopperEmailModel['credit']> {
  const account = await db
    .selectFrom('store_credit_accounts')
    .select('code')
    .where('customer_id', '=', ret.customer_id)
    .where('currency', '=', ret.currency)
    .executeTakeFirst();
  const expires = typeof data.expiresAt === 'string' ? new Date(data.expiresAt) : null;
  return account ? { code: account.code, expiresAt: expires } : null;
}

/** What a return taken back at a store's counter gives back: every settlement started or done,
 * and how much of it is store credit. */
async function counterMoney(db: RetourDb, returnId: string): Promise<{ total: number; credited: number }> {
  const rows = await db
    .selectFrom('settlements')
    .select(['kind', 'amount'])
    .where('return_id', '=', returnId)
    .where('status', '!=', 'failed')
    .execute();
  const sum = (list: typeof rows) => list.reduce((a, r) => a + Number(r.amount), 0);
  return { total: sum(rows), credited: sum(rows.filter((r) => r.kind === 'store_credit')) };
}
