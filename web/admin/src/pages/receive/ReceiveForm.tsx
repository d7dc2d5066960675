import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { awaitingGoods } from '../../../../../src/domain/returnLine.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: {
    title: 'What arrived?',
    hint: 'Count per item (0 = missing), tick a wrong item, add extras; Enter confirms.',
    expected: 'expected',
    count: 'Count of',
    wrong: 'Wrong item (not what was sold)',
    extras: 'Extra items in the parcel',
    extra: 'Description',
    extraQty: 'Quantity',
    addExtra: 'Add extra item',
    remove: 'Remove',
    submit: 'Confirm receipt',
    missing: 'missing',
    short: 'short',
  },
  nl: {
    title: 'Wat is er binnengekomen?',
    hint: 'Aantal per artikel (0 = ontbreekt), vink een verkeerd artikel aan, voeg extra’s toe; Enter bevestigt.',
    expected: 'verwacht',
    count: 'Aantal van',
    wrong: 'Verkeerd artikel (niet wat verkocht is)',
    extras: 'Extra artikelen in het pakket',
    extra: 'Omschrijving',
    extraQty: 'Aantal',
    addExtra: 'Extra artikel toevoegen',
    remove: 'Verwijderen',
    submit: 'Ontvangst bevestigen',
    missing: 'ontbreekt',
    short: 'te weinig',
  },
});

type Line = ReturnDetail['lines'][number];
interface Extra {
  description: string;
  quantity: string;
}

/** The receipt as the API takes it: a count per line, wrong items, and extras that have a description. */
function receiptOf(awaiting: Line[], counts: Record<string, string>, wrong: Record<string, boolean>, extras: Extra[]) {
  return {
    lines: awaiting.map((l) => ({
      returnLineId: l.id,
      quantity: Number(counts[l.id] || 0),
      ...(wrong[l.id] ? { wrongItem: true } : {}),
    })),
    ...(extras.length
      ? {
          extras: extras
            .filter((x) => x.description.trim())
            .map((x) => ({ description: x.description, quantity: Number(x.quantity || 1) })),
        }
      : {}),
  };
}

/** Counts what came out of the parcel per line: all expected units by default, so a complete
 * parcel is one Enter. */
export function ReceiveForm({ ret, onDone }: { ret: ReturnDetail; onDone: () => void }) {
  const t = useT(T);
  const action = useAction();
  const awaiting = ret.lines.filter(awaitingGoods);
  const [counts, setCounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(awaiting.map((l) => [l.id, String(l.quantity)])),
  );
  const [wrong, setWrong] = useState<Record<string, boolean>>({});
  const [extras, setExtras] = useState<Extra[]>([]);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    first.current?.focus();
    first.current?.select();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() => api('POST', `/returns/${ret.id}/receive`, receiptOf(awaiting, counts, wrong, extras)));
    if (ok) onDone();
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="receive-title">
      <h2 id="receive-title">{t.title}</h2>
      <p className="muted">{t.hint}</p>
      {awaiting.map((l, i) => (
        <CountLine
          key={l.id}
          line={l}
          inputRef={i === 0 ? first : undefined}
          count={counts[l.id] ?? ''}
          onCount={(v) => setCounts({ ...counts, [l.id]: v })}
          wrong={wrong[l.id] ?? false}
          onWrong={(v) => setWrong({ ...wrong, [l.id]: v })}
        />
      ))}
      <ExtrasFields extras={extras} setExtras={setExtras} />
      {action.error && <ErrorBox message={action.error} />}
      <p>
        <button type="submit" className="primary" disabled={action.busy}>
          {t.submit}
        </button>
      </p>
    </form>
  );
}

/** One awaited line: how many came, short or missing, and whether it is the wrong item. */
function CountLine({
  line: l,
  inputRef,
  count,
  onCount,
  wrong,
  onWrong,
}: {
  line: Line;
  inputRef: RefObject<HTMLInputElement | null> | undefined;
  count: string;
  onCount: (v: string) => void;
  wrong: boolean;
  onWrong: (v: boolean) => void;
}) {
  const t = useT(T);
  const n = Number(count || 0);
  return (
    <fieldset className="toolbar">
      <legend>
        {l.title} <small className="muted">({l.sku})</small> — {l.quantity} {t.expected}
        {n === 0 ? ` · ${t.missing}` : n < l.quantity ? ` · ${t.short}` : ''}
      </legend>
      <label>
        <span>
          {t.count} {l.sku}
        </span>
        <input
          ref={inputRef}
          type="number"
          min={0}
          max={l.quantity}
          size={4}
          value={count}
          onChange={(e) => onCount(e.target.value)}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={wrong} onChange={(e) => onWrong(e.target.checked)} />
        <span>{t.wrong}</span>
      </label>
    </fieldset>
  );
}

/** Items in the parcel that were not asked for. */
function ExtrasFields({ extras, setExtras }: { extras: Extra[]; setExtras: (extras: Extra[]) => void }) {
  const t = useT(T);
  return (
    <fieldset>
      <legend>{t.extras}</legend>
      {extras.map((x, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
        <div className="toolbar" key={i}>
          <label>
            <span>{t.extra}</span>
            <input
              value={x.description}
              onChange={(e) => setExtras(extras.map((y, j) => (j === i ? { ...y, description: e.target.value } : y)))}
            />
          </label>
          <label>
            <span>{t.extraQty}</span>
            <input
              type="number"
              min={1}
              size={3}
              value={x.quantity}
              onChange={(e) => setExtras(extras.map((y, j) => (j === i ? { ...y, quantity: e.target.value } : y)))}
            />
          </label>
          <button type="button" onClick={() => setExtras(extras.filter((_, j) => j !== i))}>
            {t.remove}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => setExtras([...extras, { description: '', quantity: '1' }])}>
        {t.addExtra}
      </button>
    </fieldset>
  );
}
