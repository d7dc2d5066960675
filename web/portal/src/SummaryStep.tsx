import { useEffect, useMemo, useState } from 'react';
import { Alert } from './Alert.js';
import { api, type CreatedReturn, type Evaluation } from './api.js';
import type { Choice } from './ItemsStep.js';
import { type Locale, money, t } from './i18n.js';

/** The method and every cost before confirming: fees, deductions, bonus and what comes back. */
export function SummaryStep({
  locale,
  choices,
  onBack,
  onDone,
}: {
  locale: Locale;
  choices: Choice[];
  onBack: () => void;
  onDone: (created: CreatedReturn) => void;
}) {
  const [method, setMethod] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per confirmation screen: a double click or a retry creates one return, not two.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const selection = useMemo(
    () =>
      choices.map((c) => ({
        orderLineId: c.orderLineId,
        quantity: c.quantity,
        reasonCode: c.reasonCode,
        resolution: c.resolution,
      })),
    [choices],
  );

  useEffect(() => {
    let stale = false;
    api<Evaluation>('POST', '/shopper/policy-evaluation', { locale, selection: { lines: selection, method } }).then(
      (e) => {
        if (stale) return;
        setEvaluation(e);
        if (!method && e.methods[0]) setMethod(e.methods[0].method);
      },
      () => !stale && setError(t(locale, 'failed')),
    );
    return () => {
      stale = true;
    };
  }, [locale, selection, method]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const created = await api<CreatedReturn>(
        'POST',
        '/shopper/returns',
        { method, lines: choices.map((c) => ({ ...c, comment: c.comment.trim() || null })) },
        { 'idempotency-key': idempotencyKey },
      );
      onDone(created);
    } catch {
      setError(t(locale, 'failed'));
    } finally {
      setBusy(false);
    }
  }

  if (!evaluation)
    return (
      <section className="card" aria-busy="true">
        <p role="status">{error ?? t(locale, 'loading')}</p>
      </section>
    );
  const currency = evaluation.currency;
  const totals = evaluation.totals;
  return (
    <section className="card" aria-labelledby="summary-title">
      <fieldset>
        <legend>{t(locale, 'method')}</legend>
        {evaluation.methods.map((m) => (
          <label key={m.method} className="check">
            <input
              type="radio"
              name="method"
              value={m.method}
              checked={method === m.method}
              onChange={() => setMethod(m.method)}
            />
            <span>
              {t(locale, m.method as 'qr')} — {m.fee > 0 ? money(locale, m.fee, currency) : t(locale, 'free')}
            </span>
          </label>
        ))}
      </fieldset>
      <h2 id="summary-title">{t(locale, 'summary')}</h2>
      <dl className="totals">
        <dt>{t(locale, 'itemsValue')}</dt>
        <dd>{money(locale, totals.value, currency)}</dd>
        {totals.restockingFees > 0 && (
          <>
            <dt>{t(locale, 'restockingFees')}</dt>
            <dd>− {money(locale, totals.restockingFees, currency)}</dd>
          </>
        )}
        <dt>{t(locale, 'shippingFee')}</dt>
        <dd>{totals.returnShippingFee > 0 ? `− ${money(locale, totals.returnShippingFee, currency)}` : t(locale, 'free')}</dd>
        {totals.bonus > 0 && (
          <>
            <dt>{t(locale, 'bonusTotal')}</dt>
            <dd>+ {money(locale, totals.bonus, currency)}</dd>
          </>
        )}
        {totals.refund > 0 && (
          <>
            <dt>{t(locale, 'refundTotal')}</dt>
            <dd className="sum">{money(locale, totals.refund, currency)}</dd>
          </>
        )}
        {totals.storeCredit > 0 && (
          <>
            <dt>{t(locale, 'creditTotal')}</dt>
            <dd className="sum">{money(locale, totals.storeCredit, currency)}</dd>
          </>
        )}
      </dl>
      {evaluation.reasons.map((r) => (
        <p key={r.code} className="hint">
          {r.message}
        </p>
      ))}
      <Alert message={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button type="button" onClick={confirm} disabled={busy || !method}>
          {busy ? t(locale, 'sending') : t(locale, 'confirm')}
        </button>
      </div>
    </section>
  );
}
