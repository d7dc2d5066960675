import { type FormEvent, useState } from 'react';
import type { Channel } from '../../../../../src/http/routes/catalog/channels/schema.js';
import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { useMe } from '../../session.js';
import type { Reason, ReturnCounts, ReturnPage } from '../../types.js';
import { useLiveUpdates } from '../../ui/useLiveUpdates.js';
import { useLoad } from '../../ui/useLoad.js';
import { apiFilters, cleanFilters, type Filters, readFilters, writeFilters } from './filters.js';

/** How many returns match the filters, per status. */
export type Counts = ReturnCounts;

/** The filters applied (from the address bar), the ones being typed, and the pages walked through. */
export function useQueueFilters(onApplied: () => void) {
  const [filters, setFilters] = useState<Filters>(readFilters);
  const [draft, setDraft] = useState<Filters>(filters);
  const [cursors, setCursors] = useState<string[]>([]);

  function apply(next: Filters) {
    const clean = cleanFilters(next);
    setFilters(clean);
    setDraft(clean);
    setCursors([]);
    onApplied();
    writeFilters(clean);
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    apply(draft);
  }
  const field = (key: string) => ({
    value: draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  return { filters, apply, submit, field, cursors, setCursors, cursor: cursors[cursors.length - 1] };
}

/** One page of returns with the counts per status, kept up to date as the server reports changes,
 * and the reasons and channels to filter by. */
export function useQueueData(filters: Filters, cursor: string | undefined) {
  const me = useMe();
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  const list = useLoad(async () => {
    const [page, counts] = await Promise.all([
      api<ReturnPage>('GET', `/returns${query({ ...apiFilters(filters), cursor, limit: 25 })}`),
      api<Counts>('GET', `/returns/counts${query({ ...apiFilters(filters), status: undefined, sort: undefined })}`),
    ]);
    setRefreshedAt(new Date());
    return { page, counts };
  }, [filters, cursor]);
  const lookups = useLoad(
    () =>
      Promise.all([
        api<Reason[]>('GET', '/reasons'),
        can(me.role, 'orders.read') ? api<Channel[]>('GET', '/channels') : Promise.resolve([]),
      ]),
    [],
  );
  // New returns and changes by colleagues show up without a reload, as the server reports them.
  const live = useLiveUpdates(() => void list.reload());
  return {
    list,
    live,
    refreshedAt,
    items: list.data?.page.items ?? [],
    reasons: lookups.data?.[0] ?? [],
    channels: lookups.data?.[1] ?? [],
  };
}

export type QueueData = ReturnType<typeof useQueueData>;
