import { DISPOSITIONS, GRADES } from '../../../../../src/domain/returnLifecycle.js';
import { money, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { useLabels } from '../../ui/useLabels.js';
import { INSPECT_TEXTS } from './inspectTexts.js';
import { LinePhotos } from './LinePhotos.js';
import type { Inspection, InspectionSetup, LineInput } from './useInspection.js';

type Line = ReturnDetail['lines'][number];
type LineSetup = InspectionSetup['lines'][number];

/** One item's card: it holds the focus and takes the grading keys. */
export function InspectLine({
  ret,
  line: l,
  index,
  count,
  inspection,
}: {
  ret: ReturnDetail;
  line: Line;
  index: number;
  count: number;
  inspection: Inspection;
}) {
  const t = useT(INSPECT_TEXTS);
  const lang = useLang();
  const input = inspection.inputs[l.id] as LineInput;
  const s = inspection.setupOf(l.id);
  const update = (patch: Partial<LineInput>) => inspection.update(l.id, patch);
  return (
    <article
      ref={(el) => {
        inspection.cards.current[index] = el;
      }}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the card takes the grading keys, so it holds the focus
      tabIndex={0}
      className={`card station-line${index === inspection.current ? ' current' : ''}`}
      aria-label={`${t.item} ${index + 1} ${t.of} ${count}: ${l.title}`}
      aria-describedby="inspect-keys"
      onKeyDown={(e) => inspection.onKey(e, index)}
      onFocus={() => inspection.setCurrent(index)}
    >
      <h3>
        {index + 1}/{count} · {l.title} <small className="muted">({l.sku})</small> — {l.quantityReceived} {t.received}
        {l.reception === 'wrong_item' ? ` · ${t.wrongItem}` : ''}
        {s?.category?.name ? ` · ${s.category.name}` : ''}
      </h3>
      <fieldset>
        <legend>{t.grade}</legend>
        <div className="grades">
          {GRADES.map((g) => (
            <button key={g} type="button" aria-pressed={input.grade === g} tabIndex={-1} onClick={() => update({ grade: g })}>
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
                onChange={(e) => update({ checklist: { ...input.checklist, [item.code]: e.target.checked } })}
              />
              <span>
                <kbd>{i + 1}</kbd> {item.labels[lang] ?? item.labels.en ?? item.code}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <DispositionRow ret={ret} line={l} input={input} setup={s} update={update} />
      <LinePhotos returnId={ret.id} line={l} />
    </article>
  );
}

/** Where the item goes (the rules' suggestion unless another is picked), a note, and what the
 * suggestion recovers. */
function DispositionRow({
  ret,
  line: l,
  input,
  setup: s,
  update,
}: {
  ret: ReturnDetail;
  line: Line;
  input: LineInput;
  setup: LineSetup | undefined;
  update: (patch: Partial<LineInput>) => void;
}) {
  const t = useT(INSPECT_TEXTS);
  const lang = useLang();
  const label = useLabels();
  const suggestion = s?.suggestions.find((x) => x.grade === input.grade);
  const chosen = input.disposition || suggestion?.disposition || '';
  const paid = l.unitPrice * l.quantityReceived;
  return (
    <div className="toolbar">
      <label>
        <span>{t.disposition}</span>
        <select value={input.disposition} onChange={(e) => update({ disposition: e.target.value })}>
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
        <input value={input.note} onChange={(e) => update({ note: e.target.value })} size={30} />
      </label>
      {chosen && suggestion?.recoveryBp !== null && suggestion?.recoveryBp !== undefined && !input.disposition && (
        <span className="muted">
          {t.recovers} {money(Math.floor((paid * suggestion.recoveryBp) / 10_000), ret.currency, lang)}
        </span>
      )}
    </div>
  );
}
