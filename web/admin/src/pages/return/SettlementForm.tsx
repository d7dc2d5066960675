import { type FormEvent, useState } from 'react';
import { MANUAL_SETTLEMENT_KINDS } from '../../../../../src/domain/settlementStatus.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    title: 'Record a manual settlement',
    kind: 'Kind',
    refund: 'Refund',
    store_credit: 'Store credit',
    exchange: 'Exchange',
    goodwill: 'Goodwill',
    amount: 'Amount for',
    reference: 'Reference (bank transfer, gift card…)',
    note: 'Note',
    submit: 'Record settlement',
    open: 'Record a manual settlement…',
    cancel: 'Cancel',
  },
  nl: {
    title: 'Handmatige betaling vastleggen',
    kind: 'Soort',
    refund: 'Terugbetaling',
    store_credit: 'Tegoed',
    exchange: 'Ruil',
    goodwill: 'Coulance',
    amount: 'Bedrag voor',
    reference: 'Referentie (overboeking, cadeaukaart…)',
    note: 'Notitie',
    submit: 'Betaling vastleggen',
    open: 'Handmatige betaling vastleggen…',
    cancel: 'Annuleren',
  },
});

const KINDS = MANUAL_SETTLEMENT_KINDS;

/** Money that moved outside Retour (a bank transfer, a gift card), recorded per approved line. */
export function SettlementForm({ ret, onChanged }: { ret: ReturnDetail; onChanged: () => void }) {
  const t = useT(T);
  const action = useAction();
  const lines = ret.lines.filter((l) => l.acceptance === 'approved' && l.settlement !== 'succeeded');
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('refund');
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  if (lines.length === 0) return null;
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t.open}
      </button>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parts = lines
      .filter((l) => amounts[l.id])
      .map((l) => ({ returnLineId: l.id, amount: Math.round(Number(amounts[l.id]) * 100) }));
    const ok = await action.run(() =>
      api('POST', `/returns/${ret.id}/settlements`, { kind, reference: reference || null, note: note || null, lines: parts }),
    );
    if (ok) {
      setOpen(false);
      onChanged();
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="settle-title">
      <h3 id="settle-title">{t.title}</h3>
      <label>
        <span>{t.kind}</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as (typeof KINDS)[number])}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t[k]}
            </option>
          ))}
        </select>
      </label>
      {lines.map((l) => (
        <label key={l.id}>
          <span>
            {t.amount} {l.title} ({ret.currency})
          </span>
          <input
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            value={amounts[l.id] ?? ''}
            onChange={(e) => setAmounts({ ...amounts, [l.id]: e.target.value })}
          />
        </label>
      ))}
      <label>
        <span>{t.reference}</span>
        <input value={reference} onChange={(e) => setReference(e.target.value)} />
      </label>
      <label>
        <span>{t.note}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {action.error && <ErrorBox message={action.error} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={action.busy}>
          {t.submit}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
