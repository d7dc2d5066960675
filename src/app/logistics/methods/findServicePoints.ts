import { CARRIER_CAPABILITIES, type CarrierMethod } from '../../../domain/carriers.js';
import type { AppContext } from '../../kernel/context.js';
import type { ServicePoint } from '../carriers/port.js';
import { mappedServices, orderAddress } from './offeredMethods.js';

export interface ServicePointSearch {
  orderId: string;
  method: CarrierMethod;
  /** Near this postcode; the order's own when left out. */
  postcode?: string | null;
  houseNumber?: string | null;
}

type Ctx = Pick<AppContext, 'db' | 'carriers' | 'now'>;

/** A point with the connection whose search found it: the return is booked with that connection,
 * the only one the point's id means something to. */
export type FoundServicePoint = ServicePoint & { connectionId: string };

/** How long the points of a search count as what the shopper was shown: a request confirmed within
 * this time is checked against them instead of asking the carrier again. */
const SEARCH_KEPT_MS = 30 * 60_000;
const MAX_ORDERS_KEPT = 5_000;
/** The points each order's shopper was last shown, per database (this process only: another
 * process asks the carrier again). */
const shownPoints = new WeakMap<Ctx['db'], Map<string, { at: number; points: Map<string, FoundServicePoint> }>>();

/** Drop-off points near the shopper, as the carriers describe them (see searchServicePoints). */
export async function findServicePoints(ctx: Ctx, search: ServicePointSearch): Promise<ServicePoint[]> {
  return (await searchServicePoints(ctx, search)).map(({ connectionId: _connection, ...point }) => point);
}

/**
 * Drop-off points near the shopper, from every connection that carries the method to the order's
 * country (or, where none is mapped for it, every one there that finds points), nearest first.
 * A carrier that fails is left out while another answers; when all fail the first error is
 * thrown (a CarrierError: the route says to try again or choose another way).
 */
async function searchServicePoints(ctx: Ctx, search: ServicePointSearch): Promise<FoundServicePoint[]> {
  const { country, postcode } = await orderAddress(ctx.db, search.orderId);
  const connections = await connectionsFor(ctx, country, search.method);
  const query = {
    country,
    postcode: search.postcode?.trim() || postcode,
    houseNumber: search.houseNumber?.trim() || null,
    limit: 20,
  };
  const answers = await Promise.allSettled(
    connections.map(async (id): Promise<FoundServicePoint[]> => {
      const connection = await ctx.carriers.connection(id);
      if (!connection?.adapter.capabilities.servicePoints) return [];
      return (await connection.adapter.servicePoints(query)).map((p) => ({ ...p, connectionId: id }));
    }),
  );
  const failed = answers.flatMap((a) => (a.status === 'rejected' ? [a.reason as unknown] : []));
  if (failed.length > 0 && failed.length === answers.length) throw failed[0];
  const points = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  const unique = [...new Map(points.map((p) => [`${p.carrier}:${p.id}`, p])).values()];
  unique.sort((a, b) => (a.distanceMeters ?? Number.MAX_SAFE_INTEGER) - (b.distanceMeters ?? Number.MAX_SAFE_INTEGER));
  remember(ctx, search.orderId, unique);
  return unique;
}

/** A point the shopper picked, as it was shown to them lately or as the carrier has it now; null
 * when no carrier of the method knows it near its postcode. */
export async function recheckServicePoint(
  ctx: Ctx,
  search: { orderId: string; method: CarrierMethod; pointId: string; carrier?: string | null; postcode?: string | null },
): Promise<FoundServicePoint | null> {
  const matches = (p: FoundServicePoint) => p.id === search.pointId && (!search.carrier || p.carrier === search.carrier);
  const shown = shownPoints.get(ctx.db)?.get(search.orderId);
  const fresh = shown && ctx.now().getTime() - shown.at < SEARCH_KEPT_MS ? [...shown.points.values()] : [];
  const known = fresh.find(matches);
  if (known) return known;
  const found = await searchServicePoints(ctx, { orderId: search.orderId, method: search.method, postcode: search.postcode });
  return found.find(matches) ?? null;
}

async function connectionsFor(ctx: Ctx, country: string, method: CarrierMethod): Promise<string[]> {
  const forMethod = await mappedServices(ctx.db, country, method);
  if (forMethod.length > 0) return [...new Set(forMethod.map((s) => s.connectionId))];
  // A partner point can be found with any carrier the shop uses there that has points.
  const rows = await ctx.db
    .selectFrom('carrier_methods as m')
    .innerJoin('carrier_connections as c', 'c.id', 'm.connection_id')
    .select(['c.id', 'c.carrier'])
    .distinct()
    .where('m.country', '=', country)
    .where('c.enabled', '=', true)
    .execute();
  return rows.filter((r) => CARRIER_CAPABILITIES[r.carrier].servicePoints).map((r) => r.id);
}

function remember(ctx: Ctx, orderId: string, points: FoundServicePoint[]) {
  let byOrder = shownPoints.get(ctx.db);
  if (!byOrder) {
    byOrder = new Map();
    shownPoints.set(ctx.db, byOrder);
  }
  const at = ctx.now().getTime();
  const previous = byOrder.get(orderId);
  const kept = previous && at - previous.at < SEARCH_KEPT_MS ? previous.points : new Map<string, FoundServicePoint>();
  for (const p of points) kept.set(`${p.carrier}:${p.id}`, p);
  byOrder.delete(orderId);
  byOrder.set(orderId, { at, points: kept });
  // The oldest searches go first (a Map keeps insertion order).
  for (const key of byOrder.keys()) {
    if (byOrder.size <= MAX_ORDERS_KEPT) break;
    byOrder.delete(key);
  }
}
