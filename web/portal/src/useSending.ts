import { useEffect, useState } from 'react';
import type { PricedEvaluation } from './api.js';
import type { ServicePoint } from './ServicePointPicker.js';

/** How the parcel goes besides the method: the slot, store, drop-off point and boxes chosen. */
export interface Sending {
  slot: string;
  storeId: string;
  point: ServicePoint | null;
  boxes: number;
  byCarrier: boolean;
}

/** What the shopper chose for the method, and whether that is enough to send the request: a pickup
 * needs a slot, a return in a store a store, a carrier service that needs one a drop-off point. */
export function useSending(evaluation: PricedEvaluation | null, method: string | null) {
  const [slot, setSlot] = useState('');
  const [storeId, setStoreId] = useState('');
  const [point, setPoint] = useState<ServicePoint | null>(null);
  const [boxes, setBoxes] = useState(1);
  // A point found for one method is not one for another.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever the method changes
  useEffect(() => setPoint(null), [method]);
  const offer = evaluation?.methods.find((m) => m.method === method);
  const pointMissing = Boolean(offer?.needsServicePoint) && !point;
  const complete = method === 'pickup' ? Boolean(slot) : method === 'store' ? Boolean(storeId) : Boolean(method) && !pointMissing;
  const sending: Sending = { slot, storeId, point, boxes, byCarrier: offer?.byCarrier ?? false };
  return { sending, offer, complete, pointMissing, setSlot, setStoreId, setPoint, setBoxes };
}
