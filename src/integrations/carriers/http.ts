import { CarrierError } from '../../app/logistics/carriers/port.js';
import { type ApiResponse, apiFetch } from '../http.js';

export { fromDecimal, MAX_ANSWER_BYTES, retryAfterMs, toDecimal } from '../http.js';

export type CarrierResponse = ApiResponse;

/**
 * One HTTP call to a carrier (see apiFetch): a network failure, a time-out, a 5xx, a 408 or a 429
 * becomes a transient CarrierError, refused credentials a rejected one; other answers are
 * returned for the adapter to read.
 */
export function carrierFetch(
  carrier: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<CarrierResponse> {
  return apiFetch(carrier, url, init, (kind, code, message, status, retryAfter) =>
    kind === 'transient'
      ? new CarrierError('transient', `CARRIER_${code}`, message, status, retryAfter)
      : new CarrierError('rejected', `CARRIER_${code}`, message, status),
  );
}

/** Splits "Keizersgracht 12a" into street and house number, for carriers that want them apart. */
export function splitHouseNumber(line1: string): { street: string; houseNumber: string } {
  const m = /^(.*?)[\s,]+(\d+\s*[A-Za-z]?(?:[-/]\s*\w+)?)$/.exec(line1.trim());
  return m?.[1] && m[2] ? { street: m[1], houseNumber: m[2].replace(/\s+/g, '') } : { street: line1.trim(), houseNumber: '' };
}

/** The refusal of a carrier that makes one document for all boxes of a return: a box's own is asked
 * of a return of several boxes (see CarrierAdapter.document). One box of one is the whole. */
export function wholeReturnOnly(carrier: string, booked: { parcels: unknown[] }, box: number | undefined): void {
  if (box !== undefined && booked.parcels.length > 1)
    throw new CarrierError('unsupported', 'CARRIER_NO_BOX_DOCUMENT', `${carrier} makes one document for all boxes of a return`);
}
