import { type BookedReturn, type CarrierAddress, CarrierError, type PickupSlot } from '../../../app/logistics/carriers/port.js';
import { addDays, localDate, startOfLocalDay } from '../../../domain/calendar.js';
import { badAnswer, isObject, type SendcloudClient, unwrap } from './client.js';
import { v3Address } from './returnBody.js';

type Json = Record<string, unknown>;

/** Sendcloud asks for pickups at least two working days ahead; a week of windows is offered. */
const LEAD_WORKING_DAYS = 2;
const OFFERED_DAYS = 5;
const ZONES: Record<string, string> = { GB: 'Europe/London', IE: 'Europe/Dublin', PT: 'Europe/Lisbon' };

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay());

/**
 * Sendcloud books a pickup in any window the shop asks for (it publishes no slots), so the windows
 * offered are the usual courier day, 09:00–17:00 local time, on the working days from the earliest
 * Sendcloud accepts, counted from the local day at `now` (Retour's clock, so a shop's fixed clock
 * and the windows agree).
 */
export function pickupWindows(address: CarrierAddress, now: Date): PickupSlot[] {
  const zone = ZONES[address.country.toUpperCase()] ?? 'Europe/Amsterdam';
  const slots: PickupSlot[] = [];
  let day = localDate(now, zone);
  let workingDays = 0;
  while (slots.length < OFFERED_DAYS) {
    day = addDays(day, 1);
    if (isWeekend(day)) continue;
    workingDays++;
    if (workingDays < LEAD_WORKING_DAYS) continue;
    const midnight = startOfLocalDay(day, zone).getTime();
    // Wall-clock hours from local midnight; clocks change in the small hours, never between 09:00 and 17:00.
    slots.push({
      start: new Date(midnight + 9 * 3_600_000).toISOString(),
      end: new Date(midnight + 17 * 3_600_000).toISOString(),
    });
  }
  return slots;
}

/** Books a pickup of a return's boxes at the shopper's address. */
export async function bookPickup(
  client: SendcloudClient,
  input: { carrier: string; from: CarrierAddress; slot: PickupSlot; boxes: number; weightGrams: number; reference: string },
): Promise<{ confirmation: string; slot: PickupSlot }> {
  const answer = await client.json('POST', '/api/v3/pickups', {
    body: {
      carrier_code: input.carrier,
      address: v3Address(input.from),
      time_slots: [{ start_at: input.slot.start, end_at: input.slot.end }],
      items: [
        {
          quantity: input.boxes,
          container_type: 'parcel',
          total_weight: { value: (input.weightGrams / 1000).toFixed(3), unit: 'kg' },
        },
      ],
      reference: input.reference,
    },
  });
  const pickup = unwrap(answer.body);
  if (pickup.id === undefined || pickup.id === null) throw badAnswer('the id of the pickup');
  return { confirmation: String(pickup.id), slot: input.slot };
}

/** Cancels a booked pickup: 200 (the carrier cancelled) and 202 (Sendcloud's support will) both
 * count as done; 409 means too late or a carrier that cannot cancel. */
async function cancelPickup(client: SendcloudClient, confirmation: string): Promise<void> {
  const res = await client.json('POST', `/api/v3/pickups/${encodeURIComponent(confirmation)}/cancel`, { expect: [409] });
  if (res.status === 409)
    throw new CarrierError('rejected', 'CARRIER_PICKUP_NOT_CANCELLABLE', 'sendcloud: the pickup can no longer be cancelled', 409);
}

/** Moves a pickup (cancels it and books the new window) or cancels it. The address, carrier and
 * weight come from the return as Sendcloud has it. */
export async function changePickup(
  client: SendcloudClient,
  booked: BookedReturn,
  slot: PickupSlot | null,
): Promise<BookedReturn> {
  if (booked.pickup) await cancelPickup(client, booked.pickup.confirmation);
  if (!slot) return { ...booked, pickup: null };
  const object = unwrap((await client.json('GET', `/api/v3/returns/${encodeURIComponent(booked.remoteId)}`)).body);
  const pickup = await bookPickup(client, {
    carrier: carrierOfReturn(object),
    from: addressOfReturn(object),
    slot,
    boxes: Number(object.collo_count ?? booked.parcels.length) || 1,
    weightGrams: weightGramsOf(object),
    reference: String(object.external_reference ?? booked.remoteId),
  });
  return { ...booked, pickup };
}

function carrierOfReturn(object: Json): string {
  const option = isObject(object.shipping_option) ? object.shipping_option.code : undefined;
  const shipWith = isObject(object.ship_with) ? object.ship_with.shipping_option_code : undefined;
  const code = option ?? shipWith;
  if (typeof code !== 'string') throw badAnswer('the shipping option of the return');
  return code.split(':')[0] ?? code;
}

function addressOfReturn(object: Json): CarrierAddress {
  const a = object.from_address;
  if (!isObject(a)) throw badAnswer('the address of the return');
  return {
    name: String(a.name ?? ''),
    company: typeof a.company_name === 'string' ? a.company_name : null,
    line1: String(a.address_line_1 ?? ''),
    houseNumber: typeof a.house_number === 'string' ? a.house_number : null,
    line2: typeof a.address_line_2 === 'string' ? a.address_line_2 : null,
    postcode: String(a.postal_code ?? ''),
    city: String(a.city ?? ''),
    state: typeof a.state_province_code === 'string' ? a.state_province_code : null,
    country: String(a.country_code ?? ''),
    email: typeof a.email === 'string' ? a.email : null,
    phone: typeof a.phone_number === 'string' ? a.phone_number : null,
  };
}

function weightGramsOf(object: Json): number {
  const w = isObject(object.weight) ? object.weight : {};
  const value = Number(w.value);
  if (!Number.isFinite(value)) return 1000;
  const factor: Record<string, number> = { kg: 1000, g: 1, lbs: 453.592, oz: 28.3495 };
  return Math.round(value * (factor[String(w.unit ?? 'kg')] ?? 1000));
}
