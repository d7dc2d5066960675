import { type FormEvent, type ReactNode, useState } from 'react';
import { texts, useT } from '../../i18n.js';

const T = texts({
  en: { tracking: 'Tracking number', carrier: 'Carrier', back: 'Back' },
  nl: { tracking: 'Trackingnummer', carrier: 'Vervoerder', back: 'Terug' },
});

/** Sending something to the shopper (an exchange order, a repaired item): tracking number and
 * carrier, both optional, sent as null when left empty. `children` are further fields before them. */
export function ShipForm({
  submitLabel,
  busy,
  onSubmit,
  children,
}: {
  submitLabel: string;
  busy: boolean;
  onSubmit: (shipment: { trackingNumber: string | null; carrier: string | null }) => void;
  children?: ReactNode;
}) {
  const t = useT(T);
  const [tracking, setTracking] = useState('');
  const [carrier, setCarrier] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ trackingNumber: tracking || null, carrier: carrier || null });
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      {children}
      <label>
        <span>{t.tracking}</span>
        <input value={tracking} onChange={(e) => setTracking(e.target.value)} autoComplete="off" />
      </label>
      <label>
        <span>{t.carrier}</span>
        <input value={carrier} onChange={(e) => setCarrier(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** An ending that needs a reason and a choice of what follows (cancel an exchange order and settle
 * it as…, a repair that failed and the shopper gets instead…): a button that opens a small form
 * with the reason (required), the choice, a confirming button and a way back. */
export function ReasonAndChoiceForm<C extends string>({
  openLabel,
  reasonLabel,
  choiceLabel,
  choices,
  confirmLabel,
  busy,
  onSubmit,
}: {
  openLabel: string;
  reasonLabel: string;
  choiceLabel: string;
  /** The first is chosen at the start. */
  choices: [{ value: C; label: string }, ...{ value: C; label: string }[]];
  confirmLabel: string;
  busy: boolean;
  onSubmit: (reason: string, choice: C) => void;
}) {
  const t = useT(T);
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [choice, setChoice] = useState<C>(choices[0].value);
  if (!opened) {
    return (
      <button type="button" onClick={() => setOpened(true)}>
        {openLabel}
      </button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(reason, choice);
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        <span>{reasonLabel}</span>
        <input required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <label>
        <span>{choiceLabel}</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value as C)}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="danger" disabled={busy}>
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setOpened(false)}>
        {t.back}
      </button>
    </form>
  );
}
