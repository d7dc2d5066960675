import { useT } from '../../i18n.js';
import { STATUS_ORDER, useStatusLabel } from '../../ui/Badges.js';
import type { Filters } from './filters.js';
import { QUEUE_TEXTS } from './queueTexts.js';
import type { Counts } from './useQueue.js';

/** Returns per status (and on hold) as buttons that filter the queue to them. */
export function StatusCounts({ counts, filters, apply }: { counts: Counts; filters: Filters; apply: (f: Filters) => void }) {
  const t = useT(QUEUE_TEXTS);
  const statusLabel = useStatusLabel();
  const statusFilter = filters.status ?? '';
  return (
    <section className="counts" aria-label={t.countsLabel}>
      <button type="button" aria-pressed={!statusFilter} onClick={() => apply({ ...filters, status: '' })}>
        {t.all} ({counts.total})
      </button>
      {STATUS_ORDER.filter((s) => counts.byStatus[s]).map((s) => (
        <button key={s} type="button" aria-pressed={statusFilter === s} onClick={() => apply({ ...filters, status: s })}>
          {statusLabel(s)} ({counts.byStatus[s]})
        </button>
      ))}
      <button
        type="button"
        aria-pressed={filters.onHold === 'true'}
        onClick={() => apply({ ...filters, onHold: filters.onHold === 'true' ? '' : 'true' })}
      >
        {t.onHold} ({counts.onHold})
      </button>
    </section>
  );
}
