import { type FormEvent, useState } from 'react';
import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { BREAKDOWN_ADDITIONS, BREAKDOWN_DEDUCTIONS } from '../../../../../src/domain/refund.js';
import { MONEY_BACK_RESOLUTIONS, SETTLEMENT_STARTABLE } from '../../../../../src/domain/returnLine.js';
import { SETTLEABLE_STATUSES } from '../../../../../src/domain/returnStatus.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, money, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { ReturnDetail, Settlement } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { SettlementForm } from './SettlementForm.js';

const T = texts({
  en: {
    title: 'Settlements',
    none: 'No money has moved yet.',
    settle: 'Refund / credit now',
    settleHint: 'Pays the approved lines as granted, through the provider the order was paid with.',
    refundBy: 'Refund by',
    overdue: 'Refund overdue',
    paid: 'Paid',
    restockingFees: 'Restocking fees',
    diminishedValue: 'Deduction for wear',
    withheld: 'Withheld (not our item)',
    returnShippingFee: 'Return shipping fee',
    deliveryRefund: 'Delivery cost back',
    bonus: 'Bonus',
    total: 'Total',
    attempts: 'attempts',
    confirm: 'Confirm bank transfer',
    transferReference: 'Transfer reference',
    adjust: 'Partial refund or goodwill…',
    adjustTitle: 'Partial refund or goodwill',
    kind: 'Kind',
    partial_refund: 'Part of a line',
    goodwill: 'Goodwill',
    line: 'Line',
    amount: 'Amount',
    reason: 'Reason',
    via: 'Pay as',
    refund: 'Refund to the payment',
    store_credit: 'Store credit',
    submit: 'Pay',
    cancel: 'Cancel',
    refused: 'The payment provider refused this payment',
    unconfirmed: 'The payment provider has not confirmed this payment yet; Retour asks again',
    providerSaid: 'What the provider answered',
  },
  nl: {
    title: 'Betalingen',
    none: 'Er is nog geen geld overgemaakt.',
    settle: 'Nu terugbetalen / tegoed geven',
    settleHint: 'Betaalt de goedgekeurde regels zoals toegekend, via de provider waarmee de order betaald is.',
    refundBy: 'Terugbetalen vóór',
    overdue: 'Terugbetaling te laat',
    paid: 'Betaald',
    restockingFees: 'Herbevoorradingskosten',
    diminishedValue: 'Aftrek voor waardevermindering',
    withheld: 'Ingehouden (niet ons artikel)',
    returnShippingFee: 'Retourkosten',
    deliveryRefund: 'Verzendkosten terug',
    bonus: 'Bonus',
    total: 'Totaal',
    attempts: 'pogingen',
    confirm: 'Overboeking bevestigen',
    transferReference: 'Kenmerk overboeking',
    adjust: 'Gedeeltelijke terugbetaling of coulance…',
    adjustTitle: 'Gedeeltelijke terugbetaling of coulance',
    kind: 'Soort',
    partial_refund: 'Deel van een regel',
    goodwill: 'Coulance',
    line: 'Regel',
    amount: 'Bedrag',
    reason: 'Reden',
    via: 'Uitbetalen als',
    refund: 'Terug naar de betaling',
    store_credit: 'Tegoed',
    submit: 'Uitbetalen',
    cancel: 'Annuleren',
    refused: 'De betaalprovider weigerde deze betaling',
    unconfirmed: 'De betaalprovider heeft deze betaling nog niet bevestigd; Retour vraagt het opnieuw',
    providerSaid: 'Antwoord van de provider',
  },
});

const BREAKDOWN = ['paid', ...BREAKDOWN_DEDUCTIONS, ...BREAKDOWN_ADDITIONS] as const;

/** Money on the return: each settlement with what it is made of, and the actions staff have. */
export function SettlementsPanel({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const me = useMe();
  const action = useAction();
  const m = (v: number) => money(v, ret.currency, lang);
  const mayPay = can(me.role, 'returns.settle');
  const waiting = ret.lines.some(
    (l) =>
      l.acceptance === 'approved' &&
      isOneOf(SETTLEMENT_STARTABLE, l.settlement) &&
      isOneOf(MONEY_BACK_RESOLUTIONS, l.grantedResolution ?? l.requestedResolution),
  );

  return (
    <section className="card" aria-labelledby="settlements-title">
      <h2 id="settlements-title">{t.title}</h2>
      <p>
        {t.refundBy}: {dateTime(ret.refundBy, lang)}{' '}
        {ret.refundOverdue && (
          <strong className="badge bad" role="status">
            {t.overdue}
          </strong>
        )}
      </p>
      {ret.settlements.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <ul className="settlements">
          {ret.settlements.map((s) => (
            <SettlementItem key={s.id} s={s} m={m} mayPay={mayPay} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {mayPay && waiting && isOneOf(SETTLEABLE_STATUSES, ret.status) && !ret.onHold && (
        <div>
          <button
            type="button"
            className="primary"
            disabled={action.busy}
            onClick={async () => (await action.run(() => api('POST', `/returns/${ret.id}/settle`, {}))) && onChanged()}
          >
            {t.settle}
          </button>
          <p className="muted">{t.settleHint}</p>
          {action.error && <ErrorBox message={action.error} />}
        </div>
      )}
      {mayPay && isOneOf(SETTLEABLE_STATUSES, ret.status) && !ret.onHold && <SettlementForm ret={ret} onChanged={onChanged} />}
      {mayPay && ret.status !== 'requested' && ret.status !== 'cancelled' && <AdjustmentForm ret={ret} onChanged={onChanged} />}
    </section>
  );
}

function SettlementItem(props: { s: Settlement; m: (v: number) => string; mayPay: boolean; onChanged: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const { s } = props;
  const [reference, setReference] = useState('');
  const confirm = useAction();
  const b = (s.breakdown ?? {}) as Record<string, number>;
  return (
    <li>
      <strong>
        {label.settlementKind(s.kind)} · {props.m(s.amount)} · {label.provider(s.provider)} ·{' '}
        <span className={`badge ${s.status === 'succeeded' ? 'good' : s.status === 'failed' ? 'bad' : 'warn'}`}>
          {label.settlementStatus(s.status)}
        </span>
      </strong>
      {s.reference ? ` · ${s.reference}` : ''} · {dateTime(s.succeededAt ?? s.createdAt, lang)}
      {s.note ? ` — ${s.note}` : ''}
      {s.lastError && (
        // Staff read what happened in their language; the provider's own words (often English, with
        // its code) stay at hand for whoever takes it up with the provider.
        <div className="error" role="status">
          {s.status === 'failed' ? t.refused : t.unconfirmed} ({s.attempts} {t.attempts})
          <details>
            <summary>{t.providerSaid}</summary>
            <code>{s.lastError}</code>
          </details>
        </div>
      )}
      {BREAKDOWN.some((k) => b[k]) && (
        <dl className="facts">
          {BREAKDOWN.filter((k) => b[k]).map((k) => (
            <div key={k}>
              <dt>{t[k]}</dt>
              <dd>{k === 'paid' || k === 'deliveryRefund' || k === 'bonus' ? props.m(b[k] ?? 0) : `− ${props.m(b[k] ?? 0)}`}</dd>
            </div>
          ))}
          <div>
            <dt>{t.total}</dt>
            <dd>{props.m(s.amount)}</dd>
          </div>
        </dl>
      )}
      {props.mayPay && s.provider === 'manual' && s.status === 'pending' && (
        <form
          className="toolbar"
          onSubmit={async (e: FormEvent) => {
            e.preventDefault();
            if (await confirm.run(() => api('POST', `/settlements/${s.id}/confirm`, { reference }))) props.onChanged();
          }}
        >
          <label>
            <span>{t.transferReference}</span>
            <input required value={reference} onChange={(e) => setReference(e.target.value)} />
          </label>
          <button type="submit" disabled={confirm.busy}>
            {t.confirm}
          </button>
          {confirm.error && <ErrorBox message={confirm.error} />}
        </form>
      )}
    </li>
  );
}

/** A goodwill gesture or a partial refund of a line, by refund or store credit, with its reason. */
function AdjustmentForm({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t.adjust}
      </button>
    );
  return (
    <AdjustmentEditor
      ret={ret}
      onClose={(changed) => {
        setOpen(false);
        if (changed) onChanged();
      }}
    />
  );
}

function AdjustmentEditor({ ret, onClose }: { ret: ReturnDetail; onClose: (changed: boolean) => void }) {
  const t = useT(T);
  const action = useAction();
  const [kind, setKind] = useState<'partial_refund' | 'goodwill'>('goodwill');
  const [lineId, setLineId] = useState(ret.lines[0]?.id ?? '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [via, setVia] = useState<'refund' | 'store_credit'>('refund');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      kind,
      amount: Math.round(Number(amount) * 100),
      reason,
      via,
      ...(kind === 'partial_refund' ? { returnLineId: lineId } : {}),
    };
    if (await action.run(() => api('POST', `/returns/${ret.id}/adjustments`, body))) onClose(true);
  }
  return (
    <form onSubmit={submit} aria-labelledby="adjust-title">
      <h3 id="adjust-title">{t.adjustTitle}</h3>
      <label>
        <span>{t.kind}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as 'goodwill')}>
          <option value="goodwill">{t.goodwill}</option>
          <option value="partial_refund">{t.partial_refund}</option>
        </select>
      </label>
      {kind === 'partial_refund' && (
        <label>
          <span>{t.line}</span>
          <select value={lineId} onChange={(e) => setLineId(e.target.value)}>
            {ret.lines.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title} ({l.sku})
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        <span>
          {t.amount} ({ret.currency})
        </span>
        <input
          required
          type="number"
          min="0.01"
          step="0.01"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
      </label>
      <label>
        <span>{t.reason}</span>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label>
        <span>{t.via}</span>
        <select value={via} onChange={(e) => setVia(e.target.value as 'refund')}>
          <option value="refund">{t.refund}</option>
          <option value="store_credit">{t.store_credit}</option>
        </select>
      </label>
      {action.error && <ErrorBox message={action.error} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={action.busy}>
          {t.submit}
        </button>
        <button type="button" onClick={() => onClose(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
