import { useState } from 'react';
import { Alert } from './Alert.js';
import { api, type CreatedReturn, type LineVerdict } from './api.js';
import type { Found } from './flow.js';
import { type Locale, longDate, t } from './i18n.js';
import { useIdempotencyKeys } from './idempotency.js';

/** "Withdraw from contract here" and its confirm step (Directive 2023/2673, Art. 11a): the lines
 * still within the withdrawal period go back for a refund, no reason asked. The shopper may
 * withdraw from some of them (and some units) only: the right is per item, not per order. */
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
  // Units withdrawn per line; everything that can go back is chosen to start with.
  const [chosen, setChosen] = useState<Record<string, number>>(() =>
    Object.fromEntries(lines.map((l) => [l.orderLineId, l.returnableQuantity])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keyFor = useIdempotencyKeys();
  const deadline = lines.find((l) => l.statutoryDeadline)?.statutoryDeadline;
  const withdrawn = lines.filter((l) => (chosen[l.orderLineId] ?? 0) > 0);

  async function confirm() {
    if (withdrawn.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        withdrawal: true,
        lines: withdrawn.map((l) => ({ orderLineId: l.orderLineId, quantity: chosen[l.orderLineId], resolution: 'refund' })),
      };
      const created = await api<CreatedReturn>('POST', '/shopper/returns', body, { 'idempotency-key': keyFor(body) });
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
      <p id="withdraw-items">{t(locale, 'withdrawItems')}</p>
      <ul className="lines" aria-labelledby="withdraw-items">
        {lines.map((l) => (
          <WithdrawLine
            key={l.orderLineId}
            locale={locale}
            line={l}
            title={found.order.lines.find((o) => o.id === l.orderLineId)?.title ?? ''}
            quantity={chosen[l.orderLineId] ?? 0}
            onQuantity={(n) => setChosen((c) => ({ ...c, [l.orderLineId]: n }))}
          />
        ))}
      </ul>
      <Alert message={error ?? (withdrawn.length === 0 ? t(locale, 'withdrawNone') : null)} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button type="button" onClick={confirm} disabled={busy || withdrawn.length === 0}>
          {busy ? t(locale, 'sending') : t(locale, 'withdrawConfirm')}
        </button>
      </div>
    </section>
  );
}

/** One line that can be withdrawn from: whether it is, and how many units. */
function WithdrawLine({
  locale,
  line,
  title,
  quantity,
  onQuantity,
}: {
  locale: Locale;
  line: LineVerdict;
  title: string;
  quantity: number;
  onQuantity: (n: number) => void;
}) {
  return (
    <li className="line" data-withdraw-line={line.orderLineId}>
      <label className="check">
        <input
          type="checkbox"
          checked={quantity > 0}
          onChange={(e) => onQuantity(e.target.checked ? line.returnableQuantity : 0)}
        />
        <span>{title}</span>
      </label>
      {quantity > 0 && line.returnableQuantity > 1 && (
        <label>
          <span>{t(locale, 'quantity')}</span>
          <select value={quantity} onChange={(e) => onQuantity(Number(e.target.value))}>
            {Array.from({ length: line.returnableQuantity }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      )}
    </li>
  );
}
