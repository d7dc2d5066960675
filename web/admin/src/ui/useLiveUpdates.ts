import { useEffect, useRef, useState } from 'react';
import type { LiveEventData } from '../../../../src/http/routes/messaging/live/schema.js';

/** A change somewhere in the shop, as the live stream reports it (each message's data). */
export type LiveChange = Pick<LiveEventData, 'id' | 'type' | 'returnId'>;

export type LiveState = 'connecting' | 'live' | 'offline';

/** Bursts (a bulk approval writes many events) become one reload. */
const SETTLE_MS = 300;

/**
 * Calls `onChange` when colleagues (or the shopper, or automation) change something, from the
 * server's event stream. A hidden tab waits and catches up when it is shown again. If the stream
 * cannot be had (the session ended, a proxy in the way), `onChange` runs once so the screen finds
 * out why, and then every minute as a fallback.
 */
export function useLiveUpdates(onChange: (changes: LiveChange[]) => void, options: { returnId?: string } = {}): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const latest = useRef(onChange);
  latest.current = onChange;
  const { returnId } = options;

  useEffect(() => {
    let pending: LiveChange[] = [];
    let settle: number | undefined;
    let fallback: number | undefined;
    const flush = () => {
      settle = undefined;
      if (pending.length === 0 || document.visibilityState !== 'visible') return;
      const changes = pending;
      pending = [];
      latest.current(changes);
    };
    const queue = (change: LiveChange) => {
      pending.push(change);
      if (settle === undefined) settle = window.setTimeout(flush, SETTLE_MS);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') flush();
    };
    document.addEventListener('visibilitychange', onVisible);

    const url = `/api/v1/events/stream${returnId ? `?returnId=${encodeURIComponent(returnId)}` : ''}`;
    const source = typeof EventSource === 'undefined' ? null : new EventSource(url, { withCredentials: true });
    const startFallback = () => {
      setState('offline');
      if (fallback === undefined)
        fallback = window.setInterval(() => queue({ id: 'poll', type: 'poll', returnId: null }), 60_000);
      queue({ id: 'poll', type: 'poll', returnId: null });
    };
    if (source) {
      source.onopen = () => {
        setState('live');
        if (fallback !== undefined) window.clearInterval(fallback);
        fallback = undefined;
      };
      source.onmessage = (message) => {
        try {
          queue(JSON.parse(message.data) as LiveChange);
        } catch {
          // A message we cannot read is no reason to stop listening.
        }
      };
      source.onerror = () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (e.g. 401), so do we.
        if (source.readyState === EventSource.CLOSED) startFallback();
        else setState('connecting');
      };
    } else startFallback();

    return () => {
      source?.close();
      if (settle !== undefined) window.clearTimeout(settle);
      if (fallback !== undefined) window.clearInterval(fallback);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [returnId]);

  return state;
}
