import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { QUEUE_TEXTS } from './queueTexts.js';
import type { BulkDecision } from './useBulkDecision.js';

/** Approving or rejecting the ticked returns together, and what came of the last decision. */
export function BulkBar({ bulk, canReview }: { bulk: BulkDecision; canReview: boolean }) {
  const t = useT(QUEUE_TEXTS);
  return (
    <>
      {canReview && bulk.selected.size > 0 && (
        <section className="card toolbar" aria-live="polite">
          <strong>
            {bulk.selected.size} {t.selected}
          </strong>
          <label>
            <span>{t.bulkReason}</span>
            <input value={bulk.reason} onChange={(e) => bulk.setReason(e.target.value)} size={40} />
          </label>
          <button type="button" className="primary" disabled={bulk.busy} onClick={() => bulk.decide('approve')}>
            {t.approve}
          </button>
          <button
            type="button"
            className="danger"
            disabled={bulk.busy || !bulk.reason.trim()}
            onClick={() => bulk.decide('reject')}
          >
            {t.reject}
          </button>
        </section>
      )}
      {bulk.result && (
        <p className="ok" role="status">
          {bulk.result}
        </p>
      )}
      {bulk.error && <ErrorBox message={bulk.error} />}
    </>
  );
}
