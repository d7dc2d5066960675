import type { TrackingUpdate } from '../../../domain/tracking.js';
import { easyshipState } from './mapping.js';

/** A checkpoint of an Easyship tracking (`checkpoints[]`). */
interface Checkpoint {
  checkpoint_time?: string;
  message?: string;
  location?: string | null;
  city?: string | null;
  country_alpha2?: string | null;
  primary_status?: string | null;
  status?: string | null;
}

/** A tracking as Easyship gives it (`GET /trackings`, or a webhook's `tracking_status`). */
export interface EasyshipTracking {
  tracking_number?: string;
  status?: string;
  checkpoints?: Checkpoint[] | Record<string, unknown>;
}

const when = (value: string | undefined): Date | null => {
  const at = value ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};

/**
 * Updates from a tracking, oldest first: each checkpoint (its own status where it has one; a bare
 * checkpoint is placed nowhere rather than guessed), then the tracking's overall status, at the
 * latest checkpoint's time or, without checkpoints, at `fallbackAt`.
 */
export function easyshipUpdates(tracking: EasyshipTracking, trackingNumber: string, fallbackAt: Date): TrackingUpdate[] {
  const checkpoints = Array.isArray(tracking.checkpoints) ? tracking.checkpoints : [];
  const updates: TrackingUpdate[] = [];
  for (const c of checkpoints) {
    const at = when(c?.checkpoint_time);
    if (!at) continue;
    const status = c.primary_status ?? c.status ?? '';
    updates.push({
      trackingNumber,
      state: status ? easyshipState(status) : 'unknown',
      carrierStatus: status || 'checkpoint',
      description: c.message || status || 'checkpoint',
      occurredAt: at,
      location: c.location || [c.city, c.country_alpha2].filter((p) => p).join(', ') || null,
    });
  }
  updates.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const status = tracking.status;
  if (status && updates.at(-1)?.carrierStatus !== status)
    updates.push({
      trackingNumber,
      state: easyshipState(status),
      carrierStatus: status,
      description: status,
      occurredAt: updates.at(-1)?.occurredAt ?? fallbackAt,
      location: null,
    });
  return updates;
}
