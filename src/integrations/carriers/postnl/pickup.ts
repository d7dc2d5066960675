/**
 * Return on Demand: PostNL fetches a labelled return at the shopper's door in a time frame. The
 * developer portal describes a "quote" call (time frames for an address) and a "purchase" call (claim
 * one for a parcel with a valid return label); their paths and bodies are not published where we
 * could read them ⚠. ASSUMED here, and mirrored by the test fake:
 *   POST   /shipment/v1/returnondemand/quote            {CustomerCode, CustomerNumber, Address} → {Timeframes:[{Date, From, To}]}
 *   POST   /shipment/v1/returnondemand/purchase         {CustomerCode, CustomerNumber, Barcode, Timeframe:{Date, From, To}} → {OrderId}
 *   DELETE /shipment/v1/returnondemand/purchase/{OrderId}
 * Dates "dd-MM-yyyy" and times "HH:mm:ss" in Dutch time, as elsewhere in PostNL's API. The reader
 * is tolerant of `Timeframe`/`OrderID`/ISO `Start`/`End` in case the real service differs in spelling.
 */
import { CarrierError, type PickupSlot } from '../../../app/logistics/carriers/port.js';
import { badAnswer } from './client.js';
import { list, type Obj, obj } from './read.js';
import { fromAmsterdam, parsePostNLTime, toPostNLTime } from './time.js';

export const QUOTE_PATH = '/shipment/v1/returnondemand/quote';
export const PURCHASE_PATH = '/shipment/v1/returnondemand/purchase';

function instant(date: unknown, time: unknown): Date | null {
  const d = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(String(date ?? '').trim());
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(String(time ?? '').trim());
  return d && t ? fromAmsterdam(+d[3]!, +d[2]!, +d[1]!, +t[1]!, +t[2]!, +(t[3] ?? 0)) : null;
}

function slotOf(frame: Obj): PickupSlot | null {
  const start = instant(frame.Date, frame.From) ?? parsePostNLTime(frame.Start);
  const end = instant(frame.Date, frame.To) ?? parsePostNLTime(frame.End);
  return start && end && end > start ? { start: start.toISOString(), end: end.toISOString() } : null;
}

/** The time frames of a quote, earliest first. */
export function slotsOfQuote(body: unknown): PickupSlot[] {
  const root = obj(body);
  const raw = root?.Timeframes ?? root?.Timeframe;
  if (!root || raw === undefined) throw badAnswer('a Return on Demand quote without time frames');
  return list(raw)
    .flatMap((f) => slotOf(f) ?? [])
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** A slot as the time frame a purchase names. */
export function timeframeOf(slot: PickupSlot): { Date: string; From: string; To: string } {
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start)
    throw new CarrierError('rejected', 'PICKUP_SLOT_INVALID', 'The pickup slot is not a time span', null, null, 'pickup');
  const [date = '', from = ''] = toPostNLTime(start).split(' ');
  return { Date: date, From: from, To: toPostNLTime(end).split(' ')[1] ?? '' };
}

/** The order id of a purchase: what cancels it, and the confirmation shown to the shopper. */
export function orderIdOf(body: unknown): string {
  const root = obj(body);
  const id = root?.OrderId ?? root?.OrderID ?? root?.Id;
  if (typeof id !== 'string' && typeof id !== 'number') throw badAnswer('a Return on Demand purchase without an order id');
  return String(id);
}
