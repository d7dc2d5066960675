import { useLang, useT } from '../../i18n.js';
import { QUEUE_TEXTS } from './queueTexts.js';

/** Paging, and whether the list is live and when it was last brought up to date. */
export function QueueFooter({
  paged,
  nextCursor,
  onFirst,
  onNext,
  loading,
  live,
  refreshedAt,
}: {
  paged: boolean;
  nextCursor: string | null | undefined;
  onFirst: () => void;
  onNext: (cursor: string) => void;
  loading: boolean;
  live: string;
  refreshedAt: Date | null;
}) {
  const t = useT(QUEUE_TEXTS);
  const lang = useLang();
  return (
    <div className="toolbar">
      {paged && (
        <button type="button" onClick={onFirst}>
          {t.first}
        </button>
      )}
      {nextCursor && (
        <button type="button" onClick={() => onNext(nextCursor)}>
          {t.next}
        </button>
      )}
      <small className="muted" title={t.live}>
        {loading ? <span className="spinner" aria-hidden="true" /> : null}{' '}
        <span className={`badge ${live === 'live' ? 'good' : 'warn'}`} data-live={live}>
          {live === 'live' ? t.liveOn : t.liveOff}
        </span>{' '}
        {t.updated} {refreshedAt?.toLocaleTimeString(lang === 'nl' ? 'nl-NL' : 'en-GB')}
      </small>
    </div>
  );
}
