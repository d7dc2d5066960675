import type { ShopConnectionSettings } from '../../../db/schema/connections.js';
import { RetourError } from '../../../domain/errors.js';
import type { PolicyEffects } from '../../../domain/policy/document.js';
import type { MarketplaceReturn } from '../../catalog/connections/port.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { decideReturnRequest, judgeReturnRequest, priceChosenExchanges } from '../../returns/judgeReturnRequest.js';
import type { RequestReturnInput } from '../../returns/returnRequest.js';
import { insertReturn, recordRequestEvents } from '../../returns/returnRequestRows.js';
import { gatherShipping, type ShippingFacts } from '../../returns/shippingOffers.js';
import { orderLinesOf, shopReasonCode } from './marketplaceLines.js';

/** A connection whose marketplaces announce returns, as the intake needs it. */
export interface MarketplaceConnection {
  id: string;
  name: string;
  settings: ShopConnectionSettings;
}

/** What became of an announced return: taken in now or before (with whether ChannelEngine was told
 * Retour's number already), or not (its order is not in Retour yet, or nothing of it can come back). */
export type Admission =
  | { kind: 'admitted'; returnId: string; number: string; acknowledged: boolean }
  | { kind: 'known'; returnId: string; number: string; acknowledged: boolean }
  | { kind: 'order_missing'; message: string }
  | { kind: 'refused'; message: string };

/** What the platform_returns row of a marketplace return remembers. */
export interface MarketplaceReturnState {
  marketplace?: string | null;
  reason?: string;
  acknowledgedAt?: string | null;
  /** A pull is acknowledging it until then. */
  ackLeaseUntil?: string | null;
  /** Per return line: what the receipt told the marketplace, or why it could not (the shape the
   * return's page reads for every platform). */
  receipt?: Record<string, { accepted: number; rejected: number; restocked: boolean; at: string; failed?: string }>;
  registerAttempts?: number;
  leaseUntil?: string | null;
  registerFailed?: string | null;
}

/**
 * The marketplace's terms as a policy exception: the buyer has the marketplace's agreement, so the
 * shop's window, final-sale terms or a blocked customer do not refuse it (physical facts still do:
 * nothing left to return); no fees, since the marketplace settles with its buyer; money back as a
 * refund. A longer window the shop keeps for marketplaces (settings.marketplaceReturnDays) is
 * shown with it.
 */
function marketplaceTerms(settings: ShopConnectionSettings): PolicyEffects {
  return {
    resolutions: ['refund'],
    restockingFee: { percent: 0, fixed: 0 },
    returnShippingFee: { amount: 0, perMethod: {} },
    ...(settings.marketplaceReturnDays ? { window: { days: settings.marketplaceReturnDays, from: 'delivery' as const } } : {}),
  } as PolicyEffects;
}

/**
 * Takes a return announced on a marketplace into Retour's queue as a return of the synced order,
 * once: the connection is locked while it is looked up by the marketplace's id, so a return seen
 * twice (a webhook and the reconcile round) is one return. It is judged by the shop's policy with
 * the marketplace's terms as an exception on the return (which explains it), the marketplace's
 * reason mapped to the shop's, and it keeps its platform copy (origin `platform`).
 */
export async function admitMarketplaceReturn(
  ctx: AppContext,
  connection: MarketplaceConnection,
  announced: MarketplaceReturn,
): Promise<Admission> {
  const order = await ctx.db
    .selectFrom('orders')
    .select(['id', 'marketplace'])
    .where('connection_id', '=', connection.id)
    .where('external_id', '=', announced.orderExternalId)
    .executeTakeFirst();
  if (!order) return { kind: 'order_missing', message: `order ${announced.orderExternalId} is not in Retour yet` };
  const shipping = await gatherShipping(ctx.shipping, { orderId: order.id, method: null });
  try {
    return await inUnit(ctx, { actor: systemActor }, (unit) =>
      admitInUnit(
        unit,
        connection,
        { ...announced, marketplace: order.marketplace ?? announced.marketplace },
        order.id,
        shipping,
      ),
    );
  } catch (err) {
    if (err instanceof RetourError) return { kind: 'refused', message: refusalText(err) };
    throw err;
  }
}

function refusalText(err: RetourError): string {
  const issues = err.fields.map((i) => `${i.path}: ${i.message}`).join('; ');
  return `${err.message}${issues ? ` (${issues})` : ''}`.slice(0, 500);
}

/** Marketplaces rarely say when a parcel arrived; a buyer who started a return has it, so the
 * announcement is the latest moment the lines can have been delivered. */
async function markDelivered({ tx, now }: Unit, lines: { orderLineId: string }[], announcedAt: string) {
  const at = new Date(Math.min(new Date(announcedAt).getTime() || now.getTime(), now.getTime()));
  await tx
    .updateTable('order_lines')
    .set({ delivered_at: at })
    .where(
      'id',
      'in',
      lines.map((l) => l.orderLineId),
    )
    .where('delivered_at', 'is', null)
    .execute();
}

/** The marketplace's terms, as an exception on the order while the return is judged. */
async function grantMarketplaceTerms(
  { tx, now }: Unit,
  connection: MarketplaceConnection,
  on: { orderId: string; reason: string },
): Promise<string> {
  const id = newId('pex', now.getTime());
  await tx
    .insertInto('policy_exceptions')
    .values({
      id,
      customer_id: null,
      order_id: on.orderId,
      return_id: null,
      effects: JSON.stringify(marketplaceTerms(connection.settings)),
      allow_return: true,
      reason: on.reason,
      created_by: `connection:${connection.id}`,
      created_at: now,
      expires_at: null,
    })
    .execute();
  return id;
}

/** The return's copy on the platform (origin `platform`), the note that says on whose terms it was
 * taken, and the event that it was announced. */
async function keepPlatformCopy(
  { tx, now, record }: Unit,
  connection: MarketplaceConnection,
  announced: MarketplaceReturn,
  made: { returnId: string; number: string; marketplace: string; reasonCode: string | null; terms: string },
) {
  const { returnId, number, marketplace } = made;
  const state: MarketplaceReturnState = { marketplace, reason: announced.reason, acknowledgedAt: null };
  await tx
    .insertInto('platform_returns')
    .values({
      id: newId('plr'),
      return_id: returnId,
      connection_id: connection.id,
      external_id: announced.externalId,
      external_status: announced.status,
      origin: 'platform',
      reported: JSON.stringify(state),
      created_at: now,
      updated_at: now,
    })
    .execute();
  const noteId = newId('note');
  await tx
    .insertInto('return_notes')
    .values({
      id: noteId,
      return_id: returnId,
      kind: 'internal',
      body: made.terms,
      author_id: null,
      author_name: connection.name,
      created_at: now,
    })
    .execute();
  record({ type: 'return.note_added', subjectType: 'return', subjectId: returnId, returnId, data: { number, noteId } });
  record({
    type: 'return.marketplace_announced',
    subjectType: 'return',
    subjectId: returnId,
    returnId,
    data: {
      marketplace,
      connectionId: connection.id,
      externalId: announced.externalId,
      reason: announced.reason,
      reasonCode: made.reasonCode,
    },
  });
}

async function admitInUnit(
  unit: Unit,
  connection: MarketplaceConnection,
  announced: MarketplaceReturn,
  orderId: string,
  shipping: ShippingFacts,
): Promise<Admission> {
  const { tx, now } = unit;
  await tx.selectFrom('shop_connections').select('id').where('id', '=', connection.id).forUpdate().executeTakeFirst();
  const known = await tx
    .selectFrom('platform_returns as p')
    .innerJoin('returns as r', 'r.id', 'p.return_id')
    .select(['r.id', 'r.number', 'p.reported', 'p.origin'])
    .where('p.connection_id', '=', connection.id)
    .where('p.external_id', '=', announced.externalId)
    .executeTakeFirst();
  if (known) {
    // A return Retour registered itself needs no acknowledgement.
    const state = (known.reported ?? {}) as MarketplaceReturnState;
    const acknowledged = known.origin === 'retour' || !!state.acknowledgedAt;
    return { kind: 'known', returnId: known.id, number: known.number, acknowledged };
  }
  const lines = await orderLinesOf(tx, orderId, announced.lines);
  if (lines.length === 0) throw new RetourError('invalid', 'NO_ORDER_LINES', 'None of the announced products is on the order');
  await markDelivered(unit, lines, announced.createdAt);
  const reasonCode = await shopReasonCode(tx, announced.reason, connection.settings.reasonMap);
  const marketplace = announced.marketplace ?? connection.name;
  const comment = [`${marketplace}: ${announced.reason}`, announced.customerComment].filter(Boolean).join(' — ');
  const terms = `Accepted on ${marketplace}'s terms: the buyer started this return on the marketplace, which agreed to it (return ${announced.externalId})`;
  const exceptionId = await grantMarketplaceTerms(unit, connection, { orderId, reason: terms });
  const input: RequestReturnInput = {
    orderId,
    source: 'marketplace',
    method: null,
    lines: lines.map((l) => ({ ...l, reasonCode, comment, resolution: 'refund' as const })),
  };
  const judged = await judgeReturnRequest(unit, input, shipping);
  const decided = decideReturnRequest(now, judged);
  const number = await insertReturn(tx, now, input, judged, decided);
  recordRequestEvents(unit.record, now, input, { judged, decided, number, exchanges: priceChosenExchanges(judged) });
  const returnId = decided.returnId;
  // The exception was the order's only while the return was judged: from now on it is this return's.
  await tx.updateTable('policy_exceptions').set({ order_id: null, return_id: returnId }).where('id', '=', exceptionId).execute();
  await keepPlatformCopy(unit, connection, announced, { returnId, number, marketplace, reasonCode, terms });
  return { kind: 'admitted', returnId, number, acknowledged: false };
}
