import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import { money, texts, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { LinePhotos } from './LinePhotos.js';

const T = texts({
  en: {
    title: 'Grade and route',
    keys: 'Keys: A B C D F X grade · 1–9 tick the checklist · Enter next item / finish · Tab to the disposition and note',
    grade: 'Grade',
    A: 'A as new',
    B: 'B like new / open box',
    C: 'C used',
    D: 'D damaged',
    F: 'F defective',
    X: 'X not our item',
    checklist: 'Checklist',
    disposition: 'Disposition',
    suggested: 'suggested',
    note: 'Note',
    warehouse: 'Restock into',
    submit: 'Finish inspection',
    needGrade: 'Give every item a grade first.',
    received: 'received',
    wrongItem: 'wrong item',
    item: 'Item',
    of: 'of',
    recovers: 'recovers about',
  },
  nl: {
    title: 'Keuren en bestemmen',
    keys: 'Toetsen: A B C D F X klasse · 1–9 checklist aanvinken · Enter volgend artikel / afronden · Tab naar bestemming en notitie',
    grade: 'Klasse',
    A: 'A als nieuw',
    B: 'B zo goed als nieuw / open doos',
    C: 'C gebruikt',
    D: 'D beschadigd',
    F: 'F defect',
    X: 'X niet ons artikel',
    checklist: 'Checklist',
    disposition: 'Bestemming',
    suggested: 'voorgesteld',
    note: 'Notitie',
    warehouse: 'Terug op voorraad in',
    submit: 'Keuring afronden',
    needGrade: 'Geef eerst elk artikel een klasse.',
    received: 'ontvangen',
    wrongItem: 'verkeerd artikel',
    item: 'Artikel',
    of: 'van',
    recovers: 'levert ongeveer op',
  },
});

const GRADES = ['A', 'B', 'C', 'D', 'F', 'X'] as const;
type GradeKey = (typeof GRADES)[number];
const DISPOSITIONS = [
  'restock',
  'refurbish',
  'return_to_vendor',
  'liquidate',
  'donate',
  'recycle',
  'dispose',
  'return_to_customer',
];

export interface InspectionSetup {
  warehouseId: string | null;
  warehouses: { id: string; code: string; name: string; kind: string }[];
  lines: {
    returnLineId: string;
    category: { id: string; name: string | null } | null;
    checklist: { code: string; labels: Record<string, string> }[];
    suggestions: { grade: string; disposition: string | null; recoveryBp: number | null }[];
  }[];
}

interface LineInput {
  grade: GradeKey | null;
  checklist: Record<string, boolean>;
  disposition: string;
  note: string;
}

const hasGoods = (l: ReturnDetail['lines'][number]) =>
  l.reception === 'wrong_item' || (['received', 'short_received'].includes(l.reception) && l.quantityReceived > 0);

/** One item at a time, all by keyboard: a grade key, the checklist by number, Enter for the next
 * item; the disposition the rules suggest is taken unless the inspector picks another. */
export function InspectForm({ ret, setup, onDone }: { ret: ReturnDetail; setup: InspectionSetup; onDone: () => void }) {
  const t = useT(T);
  const label = useLabels();
  const lang = useLang();
  const action = useAction();
  const lines = ret.lines.filter(hasGoods);
  const [inputs, setInputs] = useState<Record<string, LineInput>>(() =>
    Object.fromEntries(
      lines.map((l) => [
        l.id,
        { grade: (l.grade as GradeKey | null) ?? null, checklist: l.checklist ?? {}, disposition: '', note: '' },
      ]),
    ),
  );
  const [current, setCurrent] = useState(0);
  const [warehouseId, setWarehouseId] = useState(setup.warehouseId ?? '');
  const [hint, setHint] = useState<string | null>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);

  useEffect(() => {
    cards.current[current]?.focus();
  }, [current]);

  const update = (id: string, patch: Partial<LineInput>) =>
    setInputs((all) => ({ ...all, [id]: { ...(all[id] as LineInput), ...patch } }));

  async function finish() {
    if (lines.some((l) => !inputs[l.id]?.grade)) {
      setHint(t.needGrade);
      const missing = lines.findIndex((l) => !inputs[l.id]?.grade);
      setCurrent(missing);
      cards.current[missing]?.focus();
      return;
    }
    setHint(null);
    const ok = await action.run(() =>
      api('POST', `/returns/${ret.id}/inspect`, {
        warehouseId: warehouseId || null,
        lines: lines.map((l) => {
          const input = inputs[l.id] as LineInput;
          return {
            returnLineId: l.id,
            grade: input.grade,
            disposition: input.disposition || null,
            checklist: input.checklist,
            note: input.note || null,
          };
        }),
      }),
    );
    if (ok) onDone();
  }

  function onKey(e: KeyboardEvent<HTMLElement>, index: number) {
    const line = lines[index];
    const target = e.target as HTMLElement;
    const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName) && (target as HTMLInputElement).type !== 'checkbox';
    if (!line || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      if (target.tagName === 'BUTTON' || target.tagName === 'TEXTAREA') return;
      e.preventDefault();
      if (!inputs[line.id]?.grade) {
        setHint(t.needGrade);
        return;
      }
      if (index < lines.length - 1) setCurrent(index + 1);
      else void finish();
      return;
    }
    if (typing) return;
    const key = e.key.toUpperCase();
    if ((GRADES as readonly string[]).includes(key)) {
      e.preventDefault();
      update(line.id, { grade: key as GradeKey });
      setHint(null);
      return;
    }
    const n = Number(e.key);
    const item = setupOf(line.id)?.checklist[n - 1];
    if (n >= 1 && item) {
      e.preventDefault();
      const answers = inputs[line.id]?.checklist ?? {};
      update(line.id, { checklist: { ...answers, [item.code]: !answers[item.code] } });
    }
  }

  const setupOf = (id: string) => setup.lines.find((s) => s.returnLineId === id);
  const restockable = setup.warehouses.length > 0;

  return (
    <section className="card" aria-labelledby="inspect-title">
      <h2 id="inspect-title">{t.title}</h2>
      <p className="muted" id="inspect-keys">
        {t.keys}
      </p>
      {restockable && (
        <label>
          <span>{t.warehouse}</span>
          <select value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
            {setup.warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {lines.map((l, index) => {
        const input = inputs[l.id] as LineInput;
        const s = setupOf(l.id);
        const suggestion = s?.suggestions.find((x) => x.grade === input.grade);
        const chosen = input.disposition || suggestion?.disposition || '';
        const paid = l.unitPrice * l.quantityReceived;
        return (
          <article
            key={l.id}
            ref={(el) => {
              cards.current[index] = el;
            }}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the card takes the grading keys, so it holds the focus
            tabIndex={0}
            className={`card station-line${index === current ? ' current' : ''}`}
            aria-label={`${t.item} ${index + 1} ${t.of} ${lines.length}: ${l.title}`}
            aria-describedby="inspect-keys"
            onKeyDown={(e) => onKey(e, index)}
            onFocus={() => setCurrent(index)}
          >
            <h3>
              {index + 1}/{lines.length} · {l.title} <small className="muted">({l.sku})</small> — {l.quantityReceived}{' '}
              {t.received}
              {l.reception === 'wrong_item' ? ` · ${t.wrongItem}` : ''}
              {s?.category?.name ? ` · ${s.category.name}` : ''}
            </h3>
            <fieldset>
              <legend>{t.grade}</legend>
              <div className="grades">
                {GRADES.map((g) => (
                  <button
                    key={g}
                    type="button"
                    aria-pressed={input.grade === g}
                    tabIndex={-1}
                    onClick={() => update(l.id, { grade: g })}
                  >
                    {t[g]}
                  </button>
                ))}
              </div>
            </fieldset>
            {s && s.checklist.length > 0 && (
              <fieldset>
                <legend>{t.checklist}</legend>
                {s.checklist.map((item, i) => (
                  <label className="check" key={item.code}>
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      checked={input.checklist[item.code] ?? false}
                      onChange={(e) => update(l.id, { checklist: { ...input.checklist, [item.code]: e.target.checked } })}
                    />
                    <span>
                      <kbd>{i + 1}</kbd> {item.labels[lang] ?? item.labels.en ?? item.code}
                    </span>
                  </label>
                ))}
              </fieldset>
            )}
            <div className="toolbar">
              <label>
                <span>{t.disposition}</span>
                <select value={input.disposition} onChange={(e) => update(l.id, { disposition: e.target.value })}>
                  <option value="">
                    {suggestion?.disposition ? `${label.disposition(suggestion.disposition)} (${t.suggested})` : '—'}
                  </option>
                  {DISPOSITIONS.map((d) => (
                    <option key={d} value={d}>
                      {label.disposition(d)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>{t.note}</span>
                <input value={input.note} onChange={(e) => update(l.id, { note: e.target.value })} size={30} />
              </label>
              {chosen && suggestion?.recoveryBp !== null && suggestion?.recoveryBp !== undefined && !input.disposition && (
                <span className="muted">
                  {t.recovers} {money(Math.floor((paid * suggestion.recoveryBp) / 10_000), ret.currency, lang)}
                </span>
              )}
            </div>
            <LinePhotos returnId={ret.id} line={l} />
          </article>
        );
      })}
      {hint && (
        <p className="error" role="alert">
          {hint}
        </p>
      )}
      {action.error && <ErrorBox message={action.error} />}
      <button type="button" className="primary" disabled={action.busy} onClick={() => void finish()}>
        {t.submit}
      </button>
    </section>
  );
}
