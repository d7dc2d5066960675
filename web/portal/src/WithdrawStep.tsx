import { useMemo, useState } from 'react';
import { Alert } from './Alert.js';
import type { Found } from './App.js';
import { api, type CreatedReturn } from './api.js';
import { type Locale, longDate, t } from './i18n.js';

/** "Withdraw from contract here" and its confirm step (Directive 2023/2673, Art. 11a): the lines
 * still within the withdrawal period go back for a refund, no reason asked. */
export function WithdrawStep({
  locale,
  found,
  onBack,
  onDone,
}: {
  locale: Locale;
  found: Found;
  onBack: () => void;
  onDone: (created: CreatedReturn) => void;
}) {
  const lines = found.evaluation.lines.filter((l) => l.eligible && l.withinStatutoryPeriod && l.returnableQuantity > 0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const deadline = lines.find((l) => l.statutoryDeadline)?.statutoryDeadline;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const created = await api<CreatedReturn>(
        'POST',
        '/shopper/returns',
        {
          withdrawal: true,
          lines: lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.returnableQuantity, resolution: 'refund' })),
        },
        { 'idempotency-key': idempotencyKey },
      );
      onDone(created);
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">{t(locale, 'withdrawTitle')}</h2>
      <p>{t(locale, 'withdrawIntro')}</p>
      {deadline && (
        <p className="hint">
          {t(locale, 'until')} {longDate(locale, deadline)}
        </p>
      )}
      <p>{t(locale, 'withdrawItems')}</p>
      <ul>
        {lines.map((l) => (
          <li key={l.orderLineId}>
            {l.returnableQuantity} × {found.order.lines.find((o) => o.id === l.orderLineId)?.title}
          </li>
        ))}
      </ul>
      <Alert message={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button type="button" onClick={confirm} disabled={busy || lines.length === 0}>
          {busy ? t(locale, 'sending') : t(locale, 'withdrawConfirm')}
        </button>
      </div>
    </section>
  );
}
