import type { RecordedEvent } from '../kernel/unit.js';

/** What a return request records: the request, a declared withdrawal, and what submitting it did
 * (approved at once, or sent to review). */
const REQUEST_EVENT_TYPES = new Set([
  'return.requested',
  'return.withdrawal_declared',
  'return.approved',
  'return.review_requested',
]);

/**
 * The resolutions asked of each return that these events request and that nothing else changed
 * since, by return id. Every change to a return's lines records an event about the return itself
 * (subject `return`), so the lines of such a return are exactly the ones its `return.requested`
 * event lists, as it asked them: a subscriber can tell from this that it has nothing to do for it
 * without reading its lines back. A return with any other event among these (say, a counter that
 * received it in the same unit) is left out. A change to lines recorded only under another subject
 * would break this: its callers say so where they skip the read.
 */
export function freshRequestResolutions(events: readonly RecordedEvent[]): Map<string, Set<string>> {
  const seen = new Map<string, { types: Set<string>; resolutions: Set<string> | null; changed: boolean }>();
  for (const event of events) {
    if (!event.returnId) continue;
    let entry = seen.get(event.returnId);
    if (!entry) {
      entry = { types: new Set(), resolutions: null, changed: false };
      seen.set(event.returnId, entry);
    }
    const submitted = event.type === 'return.approved' || event.type === 'return.review_requested';
    if (
      event.subjectType !== 'return' ||
      !REQUEST_EVENT_TYPES.has(event.type) ||
      entry.types.has(event.type) ||
      (submitted &&
        (event.data?.from !== 'requested' || entry.types.has('return.approved') || entry.types.has('return.review_requested')))
    )
      entry.changed = true;
    entry.types.add(event.type);
    if (event.type === 'return.requested') entry.resolutions = requestedResolutions(event.data?.lines);
  }
  const fresh = new Map<string, Set<string>>();
  for (const [returnId, entry] of seen) if (!entry.changed && entry.resolutions) fresh.set(returnId, entry.resolutions);
  return fresh;
}

/** The resolutions the request event's lines ask for; null when they cannot be read. */
function requestedResolutions(lines: unknown): Set<string> | null {
  if (!Array.isArray(lines)) return null;
  const resolutions = new Set<string>();
  for (const line of lines) {
    const resolution = (line as { resolution?: unknown } | null)?.resolution;
    if (typeof resolution !== 'string') return null;
    resolutions.add(resolution);
  }
  return resolutions;
}

/** The returns of these events that may have something for a subscriber that acts only on lines
 * asking for one of `resolutions`: all of them but those freshly requested without such a line. */
export function returnsWithLinesFor(
  events: readonly RecordedEvent[],
  returnIds: readonly string[],
  resolutions: readonly string[],
): string[] {
  const fresh = freshRequestResolutions(events);
  return returnIds.filter((id) => {
    const asked = fresh.get(id);
    return !asked || resolutions.some((r) => asked.has(r));
  });
}
