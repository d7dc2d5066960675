import { CARRIER_METHODS } from '../../../../../../src/domain/carriers.js';
import { useT } from '../../../i18n.js';
import { useLabels } from '../../../ui/useLabels.js';
import { ROUTING_TEXTS } from './routingTexts.js';
import type { RuleDraft } from './ruleDraft.js';

/** Which returns a rule takes; what is left empty takes any. */
export function ConditionFields({
  draft,
  set,
  categories,
  reasons,
}: {
  draft: RuleDraft;
  set: (d: RuleDraft) => void;
  categories: { id: string; name: string }[];
  reasons: { code: string; name: string }[];
}) {
  const t = useT(ROUTING_TEXTS);
  const labels = useLabels();
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));
  return (
    <fieldset>
      <legend>{t.conditions}</legend>
      <label>
        <span>{t.countries}</span>
        <input
          value={draft.countries}
          onChange={(e) => set({ ...draft, countries: e.target.value })}
          aria-describedby="routing-countries-hint"
          placeholder="NL, BE"
        />
      </label>
      <p id="routing-countries-hint" className="muted">
        {t.countriesHint}
      </p>
      <CheckList
        legend={t.methods}
        options={CARRIER_METHODS.map((m) => ({ value: m, label: labels.method(m) }))}
        checked={draft.methods}
        onChange={(value, on) => set({ ...draft, methods: toggle(draft.methods, value, on) })}
      />
      {categories.length > 0 && (
        <CheckList
          legend={t.categories}
          options={categories.map((c) => ({ value: c.id, label: c.name }))}
          checked={draft.categoryIds}
          onChange={(value, on) => set({ ...draft, categoryIds: toggle(draft.categoryIds, value, on) })}
        />
      )}
      {reasons.length > 0 && (
        <CheckList
          legend={t.reasons}
          options={reasons.map((r) => ({ value: r.code, label: r.name }))}
          checked={draft.reasonCodes}
          onChange={(value, on) => set({ ...draft, reasonCodes: toggle(draft.reasonCodes, value, on) })}
        />
      )}
      <label>
        <span>{t.defect}</span>
        <select value={draft.defect} onChange={(e) => set({ ...draft, defect: e.target.value as RuleDraft['defect'] })}>
          <option value="any">{t.defectAny}</option>
          <option value="yes">{t.defectYes}</option>
          <option value="no">{t.defectNo}</option>
        </select>
      </label>
    </fieldset>
  );
}

function CheckList<T extends string>({
  legend,
  options,
  checked,
  onChange,
}: {
  legend: string;
  options: { value: T; label: string }[];
  checked: T[];
  onChange: (value: T, on: boolean) => void;
}) {
  return (
    <fieldset className="inline">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="checkbox" checked={checked.includes(o.value)} onChange={(e) => onChange(o.value, e.target.checked)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
