import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { RISK_PANEL_TEXTS } from './riskPanelTexts.js';

/** A person's review of what the score decided (GDPR Art. 22): confirmed or cleared, with a note
 * kept in the score's history. */
export function RiskReviewForm({ returnId, onReviewed }: { returnId: string; onReviewed: () => void }) {
  const t = useT(RISK_PANEL_TEXTS);
  const action = useAction();
  const [outcome, setOutcome] = useState<'confirmed' | 'cleared'>('confirmed');
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const ok = await action.run(() => api('POST', `/returns/${returnId}/risk/review`, { outcome, note: note.trim() }));
    if (ok) {
      setNote('');
      setDone(true);
      onReviewed();
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="risk-review-title">
      <h3 id="risk-review-title">{t.reviewTitle}</h3>
      <p className="muted">{t.reviewHint}</p>
      <fieldset className="plain">
        <legend>{t.outcome}</legend>
        <label>
          <input type="radio" name="risk-outcome" checked={outcome === 'confirmed'} onChange={() => setOutcome('confirmed')} />{' '}
          {t.confirmed}
        </label>{' '}
        <label>
          <input type="radio" name="risk-outcome" checked={outcome === 'cleared'} onChange={() => setOutcome('cleared')} />{' '}
          {t.cleared}
        </label>
      </fieldset>
      <label>
        <span>{t.reviewNote}</span>
        <textarea required minLength={1} maxLength={2000} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {action.error && <ErrorBox message={action.error} />}
      {done && (
        <p className="ok" role="status">
          {t.reviewed}
        </p>
      )}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.submit}
      </button>
    </form>
  );
}
