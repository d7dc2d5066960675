import {
  type BookedParcel,
  type BookedReturn,
  CarrierError,
  type ReturnParcelRequest,
  type VoidResult,
} from '../../../app/logistics/carriers/port.js';
import { fromDecimal } from '../http.js';
import { badAnswer, isObject, type SendcloudClient, unwrap } from './client.js';
import { returnBody } from './returnBody.js';

type Json = Record<string, unknown>;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;

/** Books a return parcel. Sendcloud announces it with the carrier afterwards (no tracking number or
 * label yet), so what comes back is read again with `getReturn`; a booking whose read fails is still
 * handed back (not ready) so its id is kept and nothing is booked twice. */
export async function createReturn(client: SendcloudClient, request: ReturnParcelRequest): Promise<BookedReturn> {
  let created: Json;
  try {
    created = unwrap((await client.json('POST', '/api/v3/returns', { body: returnBody(request) })).body);
  } catch (err) {
    // Sendcloud keeps external references unique: a second booking under the same one is the first.
    if (err instanceof CarrierError && err.field === 'external_reference') {
      const first = await findReturn(client, request.reference);
      if (first) return first;
    }
    throw err;
  }
  const id = text(created.return_id ?? created.id);
  if (!id) throw badAnswer('a return_id');
  try {
    return await getReturn(client, id);
  } catch (err) {
    if (!(err instanceof CarrierError) || err.kind !== 'transient') throw err;
    const parcelIds = parcelIdsOf(created);
    return { remoteId: id, ready: false, parcels: parcelIds.map(notYetTracked), cost: null, qrCode: null, pickup: null };
  }
}

const notYetTracked = (remoteId: string): BookedParcel => ({ remoteId, trackingNumber: null, trackingUrl: null });

function parcelIdsOf(object: Json): string[] {
  const collo = Array.isArray(object.multi_collo_ids) ? object.multi_collo_ids.map(text).filter((id) => id !== null) : [];
  if (collo.length > 0) return collo;
  const single = text(object.parcel_id);
  return single ? [single] : [];
}

/** One return as Sendcloud has it now. A return whose announcement failed is a refusal. */
export async function getReturn(client: SendcloudClient, remoteId: string): Promise<BookedReturn> {
  const object = unwrap((await client.json('GET', `/api/v3/returns/${encodeURIComponent(remoteId)}`)).body);
  return readReturn(client, object);
}

async function readReturn(client: SendcloudClient, object: Json): Promise<BookedReturn> {
  const id = text(object.id ?? object.return_id);
  if (!id) throw badAnswer('the id of the return');
  const failure = announcementFailure(object);
  if (failure) throw new CarrierError('rejected', 'CARRIER_ANNOUNCEMENT_FAILED', `sendcloud: ${failure}`);
  const trackingNumber = text(object.tracking_number);
  const ready = trackingNumber !== null;
  const ids = parcelIdsOf(object);
  const first: BookedParcel = { remoteId: ids[0] ?? null, trackingNumber, trackingUrl: text(object.tracking_url) };
  // Each box of a multi-collo return is a parcel of its own, with its own tracking number.
  const parcels = ready && ids.length > 1 ? await Promise.all(ids.map((pid) => readParcel(client, pid))) : [first];
  const cost = isObject(object.label_cost) && object.label_cost.value != null ? object.label_cost : null;
  const labelless = object.delivery_option === 'drop_off_labelless';
  return {
    remoteId: id,
    ready,
    parcels: ready || ids.length <= 1 ? parcels : ids.map(notYetTracked),
    cost: cost ? { amount: fromDecimal(cost.value as string), currency: String(cost.currency ?? 'EUR') } : null,
    // Fetched with the connection's credentials through `document(…, 'qr')`; never shown as is.
    qrCode: labelless && ready && first.remoteId ? client.url(`/api/v2/parcels/${first.remoteId}/documents/qr`) : null,
    pickup: null,
  };
}

function announcementFailure(object: Json): string | null {
  const history = Array.isArray(object.status_history) ? object.status_history.filter(isObject) : [];
  const last = history[history.length - 1];
  const rejected = object.status === 'request_rejected' || last?.parent_status === 'announcement-failed';
  if (!rejected) return null;
  const errors = Array.isArray(object.errors) ? object.errors : [];
  const first = errors[0];
  return (isObject(first) ? text(first.detail ?? first.message) : text(first)) ?? 'the carrier refused the announcement';
}

async function readParcel(client: SendcloudClient, parcelId: string): Promise<BookedParcel> {
  const body = (await client.json('GET', `/api/v2/parcels/${encodeURIComponent(parcelId)}`)).body;
  const parcel = isObject(body) && isObject(body.parcel) ? body.parcel : unwrap(body);
  return { remoteId: parcelId, trackingNumber: text(parcel.tracking_number), trackingUrl: text(parcel.tracking_url) };
}

/** How far back `findReturn` looks: a lost answer is retried within hours, never months later. */
const FIND_WINDOW_DAYS = 60;

/**
 * The return booked under a reference. Whether the list filters on `external_reference` is not
 * documented, so it is asked for and the answers are checked here too, page by page.
 */
export async function findReturn(client: SendcloudClient, reference: string): Promise<BookedReturn | null> {
  const now = Date.now();
  let query: Record<string, string> | null = {
    from_date: new Date(now - FIND_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10),
    to_date: new Date(now + 86_400_000).toISOString().slice(0, 10),
    external_reference: reference,
    page_size: '100',
  };
  for (let page = 0; query && page < 20; page++) {
    const body: unknown = (await client.json('GET', '/api/v3/returns', { query })).body;
    if (!isObject(body) || !Array.isArray(body.data)) throw badAnswer('a list of returns');
    const match = body.data.filter(isObject).find((r) => r.external_reference === reference);
    if (match) return readReturn(client, match.tracking_number === undefined ? await fullReturn(client, match) : match);
    const next: string | null =
      typeof body.next === 'string' ? new URL(body.next, 'http://next').searchParams.get('cursor') : null;
    query = next ? { ...query, cursor: next } : null;
  }
  return null;
}

async function fullReturn(client: SendcloudClient, summary: Json): Promise<Json> {
  const id = text(summary.id);
  if (!id) throw badAnswer('the id of the return');
  return unwrap((await client.json('GET', `/api/v3/returns/${encodeURIComponent(id)}`)).body);
}

/** Asks Sendcloud to cancel the label: it only takes the request (202); the parcel's status says
 * `cancelled` once the carrier agreed. 409: too late (the parcel moved or the deadline passed). */
export async function voidReturn(client: SendcloudClient, booked: BookedReturn): Promise<VoidResult> {
  const res = await client.json('PATCH', `/api/v3/returns/${encodeURIComponent(booked.remoteId)}/cancel`, { expect: [409] });
  return res.status === 409 ? 'not_voidable' : 'requested';
}
