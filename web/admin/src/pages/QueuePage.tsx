import { can } from '../access.js';
import { useT } from '../i18n.js';
import { useMe } from '../session.js';
import { Empty, ErrorBox, Loading } from '../ui/States.js';
import { BulkBar } from './queue/BulkBar.js';
import { QueueFilters } from './queue/QueueFilters.js';
import { QueueFooter } from './queue/QueueFooter.js';
import { QueueTable } from './queue/QueueTable.js';
import { QUEUE_TEXTS } from './queue/queueTexts.js';
import { SavedViews } from './queue/SavedViews.js';
import { StatusCounts } from './queue/StatusCounts.js';
import { useBulkDecision } from './queue/useBulkDecision.js';
import { useQueueData, useQueueFilters } from './queue/useQueue.js';

/** The returns queue: counts per status, filters (kept in the address bar), saved views, a page of
 * returns that updates itself, and deciding several at once. */
export function QueuePage() {
  const t = useT(QUEUE_TEXTS);
  const me = useMe();
  const queue = useQueueFilters(() => bulk.setSelected(new Set()));
  const { filters, apply } = queue;
  const data = useQueueData(filters, queue.cursor);
  const { list, items } = data;
  const bulk = useBulkDecision(items, list.reload);
  const canReview = can(me.role, 'returns.review');
  const counts = list.data?.counts;

  return (
    <>
      <h1>{t.title}</h1>
      <SavedViews filters={filters} onApply={apply} />
      {counts && <StatusCounts counts={counts} filters={filters} apply={apply} />}
      <QueueFilters field={queue.field} reasons={data.reasons} channels={data.channels} onSubmit={queue.submit} apply={apply} />
      <BulkBar bulk={bulk} canReview={canReview} />
      {list.error ? (
        <ErrorBox message={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <QueueTable items={items} channels={data.channels} bulk={bulk} canReview={canReview} />
      )}
      <QueueFooter
        paged={queue.cursors.length > 0}
        nextCursor={list.data?.page.nextCursor}
        onFirst={() => queue.setCursors([])}
        onNext={(next) => queue.setCursors([...queue.cursors, next])}
        loading={list.loading}
        live={data.live}
        refreshedAt={data.refreshedAt}
      />
    </>
  );
}
