import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { ExportSubject } from './exportSubject.js';
import { exportedListEntry, ownReasons, withholdInRows } from './exportWithheld.js';

/** A row as read, before it is shaped for the file (see exportDocument.ts). */
export type ExportRow = Record<string, unknown>;

/**
 * Everything Retour holds about one person, table by table. Each table is read once, with
 * `in (…)` over the ids found in the stage before (customers → their orders, returns and accounts
 * → what hangs off those), inside one repeatable-read transaction so the file is one moment.
 *
 * Deliberately left out (written into the file's `leftOut` too, see LEFT_OUT):
 * - analytics_* tables: facts derived from the rows below, kept per line or as anonymous
 *   aggregates; they hold nothing the export does not already show from the source.
 * - outbox, webhook_deliveries/attempts: transport copies of the events below, on their way to the
 *   shop's own systems (which answer for what they keep).
 * - idempotency_keys: a replayed API answer, technical and short-lived.
 * - shop_sync_errors, shop_webhooks, carrier_webhooks: the platforms' and carriers' raw messages,
 *   whose facts are the orders, tracking events and parcels below.
 * - stock_movements, platform_restocks, automation_runs, staff_notifications: about goods and
 *   staff work, derived from the return's events, which are included.
 * - customs documents of shipments: the same goods and addresses as the shipment and its label.
 * - the text of block and allow list entries on an address or card (exportWithheld.ts): a
 *   housemate may share those, and what staff wrote may be about them.
 * - There is no consent table: Retour asks no consent (it works under the contract of sale).
 */
export interface ShopperRecords {
  customers: ExportRow[];
  orders: ExportRow[];
  orderLines: ExportRow[];
  returns: ExportRow[];
  returnLines: ExportRow[];
  reasons: ExportRow[];
  /** Messages to the shopper and staff's internal notes about the return. */
  returnNotes: ExportRow[];
  feedback: ExportRow[];
  photos: ExportRow[];
  emails: ExportRow[];
  shipments: ExportRow[];
  shipmentParcels: ExportRow[];
  trackingEvents: ExportRow[];
  settlements: ExportRow[];
  storeCreditAccounts: ExportRow[];
  storeCreditEntries: ExportRow[];
  storeCreditHolds: ExportRow[];
  exchangeOrders: ExportRow[];
  exchangeOrderLines: ExportRow[];
  repairs: ExportRow[];
  parcelClaims: ExportRow[];
  counterReturns: ExportRow[];
  platformReturns: ExportRow[];
  policyExceptions: ExportRow[];
  riskAssessments: ExportRow[];
  riskListEntries: ExportRow[];
  portalSightings: ExportRow[];
  events: ExportRow[];
  accessLog: ExportRow[];
  /** The shop's webhook endpoints that received events about the person (GDPR Art. 15(1)(c)). */
  webhookRecipients: ExportRow[];
}

export const LEFT_OUT: { table: string; why: string }[] = [
  { table: 'analytics_*', why: 'derived facts and anonymous aggregates of the rows in this file' },
  {
    table: 'outbox, webhook_deliveries, webhook_attempts',
    why: 'transport copies of the events in this file; which systems received them is in this file',
  },
  { table: 'idempotency_keys', why: 'short-lived technical copies of API answers' },
  {
    table: 'shop_sync_errors, shop_webhooks, carrier_webhooks',
    why: 'raw platform and carrier messages; their facts are the orders and tracking in this file',
  },
  {
    table: 'stock_movements, platform_restocks, automation_runs, staff_notifications',
    why: 'about goods and staff work, derived from the events in this file',
  },
  { table: 'shipments.customs_document', why: 'the goods and addresses of the shipment and its label, in this file' },
  {
    table: 'risk_list_entries on an address or card',
    why: 'the text staff wrote: others may share the address or card and it may be about them (list, kind and dates are in this file)',
  },
];

/** Rows of `table` whose `column` is one of `ids`; no query when there are none. */
async function rowsWhere(
  db: RetourDb,
  table: string,
  column: string,
  ids: readonly string[],
  order = 'id',
): Promise<ExportRow[]> {
  if (ids.length === 0) return [];
  // Ties broken by the row's key (ids sort by creation); return_feedback's key is its return.
  const key = table === 'return_feedback' ? 'return_id' : 'id';
  // The table and column names are this file's own constants, never input.
  const { rows } =
    await sql<ExportRow>`select * from ${sql.table(table)} where ${sql.ref(column)} = any(${[...ids]}::text[]) order by ${sql.ref(order)}, ${sql.ref(key)}`.execute(
      db,
    );
  return rows;
}

const idsOf = (rows: readonly ExportRow[], key = 'id'): string[] => [
  ...new Set(rows.map((r) => r[key]).filter((v): v is string => typeof v === 'string')),
];

/** Reads everything held about the person in one consistent snapshot (see ShopperRecords). */
export async function readShopperRecords(db: RetourDb, subject: ExportSubject): Promise<ShopperRecords> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const first = await readOwnRows(tx, subject);
      const second = await readAroundReturns(tx, subject, first);
      const [exchangeOrderLines, reasons, linePhotos, webhookRecipients] = await Promise.all([
        rowsWhere(tx, 'exchange_order_lines', 'exchange_order_id', idsOf(second.exchangeOrders)),
        rowsWhere(tx, 'reasons', 'id', idsOf(second.returnLines, 'reason_id')),
        rowsWhere(tx, 'return_photos', 'return_line_id', idsOf(second.returnLines), 'created_at'),
        readWebhookRecipients(tx, idsOf(second.events)),
      ]);
      // What staff wrote about somebody sharing an address or card stays out (exportWithheld.ts).
      const own = ownReasons(first.riskListEntries);
      return {
        ...first,
        ...second,
        photos: mergedPhotos(first.photos, linePhotos),
        customers: withholdInRows(first.customers, own),
        returns: withholdInRows(first.returns, own),
        riskAssessments: withholdInRows(first.riskAssessments, own),
        events: withholdInRows(second.events, own),
        exchangeOrderLines,
        reasons,
        webhookRecipients,
      };
    });
}

/** The photos the person uploaded and those of their return lines (one a staff member took at
 * inspection has no customer): the same rule as the erasure's, so what is shown is what goes. */
function mergedPhotos(own: ExportRow[], ofLines: ExportRow[]): ExportRow[] {
  const seen = new Set(own.map((p) => p.id));
  const time = (p: ExportRow) => new Date(p.created_at as string | Date).getTime();
  return [...own, ...ofLines.filter((p) => !seen.has(p.id))].sort(
    (a, b) => time(a) - time(b) || String(a.id).localeCompare(String(b.id)),
  );
}

/** The rows that name the customer themselves. */
async function readOwnRows(db: RetourDb, subject: ExportSubject) {
  const ids = subject.customerIds;
  const [customers, orders, returns, photos, feedback, storeCreditAccounts, riskAssessments, portalSightings, riskListEntries] =
    await Promise.all([
      rowsWhere(db, 'customers', 'id', ids, 'created_at'),
      rowsWhere(db, 'orders', 'customer_id', ids, 'placed_at'),
      rowsWhere(db, 'returns', 'customer_id', ids, 'created_at'),
      rowsWhere(db, 'return_photos', 'customer_id', ids, 'created_at'),
      rowsWhere(db, 'return_feedback', 'customer_id', ids, 'created_at'),
      rowsWhere(db, 'store_credit_accounts', 'customer_id', ids, 'created_at'),
      rowsWhere(db, 'risk_assessments', 'customer_id', ids, 'created_at'),
      rowsWhere(db, 'portal_sightings', 'customer_id', ids, 'at'),
      readListEntries(db, ids),
    ]);
  return { customers, orders, returns, photos, feedback, storeCreditAccounts, riskAssessments, portalSightings, riskListEntries };
}

/** What hangs off their orders, returns and credit accounts, and who looked at them. */
async function readAroundReturns(db: RetourDb, subject: ExportSubject, own: Awaited<ReturnType<typeof readOwnRows>>) {
  const orderIds = idsOf(own.orders);
  const returnIds = idsOf(own.returns);
  const accountIds = idsOf(own.storeCreditAccounts);
  const [orderLines, returnLines, returnNotes, shipments, shipmentParcels, trackingEvents, settlements] = await Promise.all([
    rowsWhere(db, 'order_lines', 'order_id', orderIds, 'line_number'),
    rowsWhere(db, 'return_lines', 'return_id', returnIds),
    rowsWhere(db, 'return_notes', 'return_id', returnIds, 'created_at'),
    rowsWhere(db, 'shipments', 'return_id', returnIds, 'created_at'),
    rowsWhere(db, 'shipment_parcels', 'return_id', returnIds, 'collo'),
    rowsWhere(db, 'tracking_events', 'return_id', returnIds, 'occurred_at'),
    rowsWhere(db, 'settlements', 'return_id', returnIds, 'created_at'),
  ]);
  const [exchangeOrders, repairs, parcelClaims, counterReturns, platformReturns, storeCreditEntries, storeCreditHolds] =
    await Promise.all([
      rowsWhere(db, 'exchange_orders', 'return_id', returnIds, 'created_at'),
      rowsWhere(db, 'repairs', 'return_id', returnIds, 'created_at'),
      rowsWhere(db, 'parcel_claims', 'return_id', returnIds, 'created_at'),
      rowsWhere(db, 'counter_returns', 'return_id', returnIds, 'created_at'),
      rowsWhere(db, 'platform_returns', 'return_id', returnIds, 'return_id'),
      rowsWhere(db, 'store_credit_entries', 'account_id', accountIds, 'created_at'),
      rowsWhere(db, 'store_credit_holds', 'account_id', accountIds, 'created_at'),
    ]);
  const [policyExceptions, emails, events, accessLog] = await Promise.all([
    readPolicyExceptions(db, subject.customerIds, orderIds, returnIds),
    readEmails(db, returnIds, subject.normalEmails),
    readEvents(db, subject.customerIds, orderIds, returnIds),
    readAccessLog(db, [...subject.customerIds, ...returnIds]),
  ]);
  return {
    orderLines,
    returnLines,
    returnNotes,
    shipments: shipments.map(({ customs_document: _left, ...s }) => s),
    shipmentParcels,
    trackingEvents,
    settlements,
    exchangeOrders,
    repairs,
    parcelClaims,
    counterReturns,
    platformReturns,
    storeCreditEntries,
    storeCreditHolds,
    policyExceptions,
    emails,
    events,
    accessLog,
  };
}

const anyOf = (ids: readonly string[]) => sql`${[...ids]}::text[]`;

/** Exceptions made for the customer, one of their orders or returns. */
async function readPolicyExceptions(db: RetourDb, customerIds: string[], orderIds: string[], returnIds: string[]) {
  const { rows } = await sql<ExportRow>`select * from policy_exceptions
    where customer_id = any(${anyOf(customerIds)}) or order_id = any(${anyOf(orderIds)}) or return_id = any(${anyOf(returnIds)})
    order by created_at, id`.execute(db);
  return rows;
}

/** The mails kept in the mailbox: about one of their returns, or sent to one of their addresses. */
async function readEmails(db: RetourDb, returnIds: string[], normalEmails: string[]) {
  const { rows } = await sql<ExportRow>`select * from emails
    where return_id = any(${anyOf(returnIds)}) or retour_normal_email(recipient) = any(${anyOf(normalEmails)})
      or lower(recipient) = any(${anyOf(normalEmails)})
    order by created_at, id`.execute(db);
  return rows;
}

/** The history: every event about one of their returns, orders or customer rows. */
async function readEvents(db: RetourDb, customerIds: string[], orderIds: string[], returnIds: string[]) {
  const { rows } = await sql<ExportRow>`select * from events
    where return_id = any(${anyOf(returnIds)})
      or (subject_type = 'customer' and subject_id = any(${anyOf(customerIds)}))
      or (subject_type = 'order' and subject_id = any(${anyOf(orderIds)}))
    order by occurred_at, id`.execute(db);
  return rows;
}

/** The host of an endpoint's URL: where the data went, without a path or query that may hold a token. */
function hostOf(url: unknown): string {
  try {
    return new URL(String(url)).host;
  } catch {
    return '';
  }
}

/** Which of the shop's webhook endpoints received any of these events, how many and when: the
 * endpoint's description and host only, never the bodies (those are the events in this file). */
async function readWebhookRecipients(db: RetourDb, eventIds: string[]): Promise<ExportRow[]> {
  if (eventIds.length === 0) return [];
  const { rows } = await sql<ExportRow>`select e.id as endpoint_id, e.description as name, e.url, count(*)::int as events,
      min(d.delivered_at) as first_delivered_at, max(d.delivered_at) as last_delivered_at
    from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
    where d.event_id = any(${anyOf(eventIds)}) and d.delivered_at is not null
    group by e.id, e.description, e.url
    order by min(d.delivered_at), e.id`.execute(db);
  return rows.map(({ url, ...r }) => ({ ...r, host: hostOf(url) }));
}

/** Who opened their customer page or one of their returns, or exported them: with the staff
 * member's name where a person looked. */
async function readAccessLog(db: RetourDb, subjectIds: string[]) {
  const { rows } = await sql<ExportRow>`select a.at, a.actor_type, a.action, a.subject_type, a.subject_id, a.detail,
      case when a.actor_type = 'staff' then s.name when a.actor_type = 'api_key' then k.name else a.actor_id end as actor_name
    from access_log a
    left join staff_users s on a.actor_type = 'staff' and s.id = a.actor_id
    left join api_keys k on a.actor_type = 'api_key' and k.id = a.actor_id
    where a.subject_id = any(${anyOf(subjectIds)})
    order by a.at, a.id`.execute(db);
  return rows;
}

/** Block and allow list entries about the person, removed ones too (they are still kept): by
 * customer id, or the normal form of an e-mail, phone, address or card of theirs, worked out by
 * the same SQL functions the entries were stored through (see listMatches.ts). Those on an
 * address or card, which others may share, go without their text (see exportedListEntry). */
async function readListEntries(db: RetourDb, customerIds: string[]) {
  const ids = anyOf(customerIds);
  const { rows } = await sql<ExportRow>`
    with keys as (
      select 'customer'::text as kind, id as value from customers where id = any(${ids})
      union select 'email', retour_normal_email(email) from customers where id = any(${ids})
      union select 'phone', retour_normal_phone(phone) from customers where id = any(${ids}) and phone is not null
      union select 'email', retour_normal_email(email) from orders where customer_id = any(${ids})
      union select 'address', retour_normal_address(shipping_address) from orders where customer_id = any(${ids})
      union select 'payment', retour_normal_fingerprint(payment_fingerprint) from orders
        where customer_id = any(${ids}) and payment_fingerprint is not null
    )
    select distinct e.id, e.list, e.kind, e.display, e.reason, e.created_at, e.created_by_name, e.until, e.removed_at
    from risk_list_entries e join keys k on e.kind = k.kind and e.value = k.value
    order by e.created_at, e.id`.execute(db);
  return rows.map(exportedListEntry);
}
