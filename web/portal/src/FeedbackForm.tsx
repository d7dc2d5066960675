import { type FormEvent, useMemo, useState } from 'react';
import { Alert } from './Alert.js';
import { ApiError, api } from './api.js';
import { type Locale, t } from './i18n.js';

/** One rating (1–5) and a comment once the return is resolved. */
export function FeedbackForm({ locale, returnId }: { locale: Locale; returnId: string }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [state, setState] = useState<'open' | 'busy' | 'sent'>('open');
  const [error, setError] = useState<string | null>(null);
  const key = useMemo(() => crypto.randomUUID(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!rating) return setError(t(locale, 'chooseRating'));
    setState('busy');
    setError(null);
    try {
      await api(
        'POST',
        `/shopper/returns/${returnId}/feedback`,
        { rating, comment: comment.trim() || null },
        { 'idempotency-key': key },
      );
      setState('sent');
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'FEEDBACK_ALREADY_GIVEN') return setState('sent');
      setError(t(locale, 'failed'));
      setState('open');
    }
  }

  if (state === 'sent')
    return (
      <p className="notice" role="status" data-testid="feedback-thanks">
        {t(locale, 'feedbackThanks')}
      </p>
    );
  return (
    <form className="feedback" onSubmit={submit} aria-labelledby="feedback-title">
      <h3 id="feedback-title">{t(locale, 'feedbackTitle')}</h3>
      <fieldset className="stars">
        <legend>{t(locale, 'rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="star">
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
            <span aria-hidden="true">{n <= rating ? '★' : '☆'}</span>
            <span className="visually-hidden">{t(locale, 'stars', { n })}</span>
          </label>
        ))}
      </fieldset>
      <label>
        <span>{t(locale, 'feedbackComment')}</span>
        <textarea name="feedbackComment" maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <Alert message={error} />
      <button type="submit" disabled={state === 'busy'}>
        {t(locale, 'sendFeedback')}
      </button>
    </form>
  );
}
