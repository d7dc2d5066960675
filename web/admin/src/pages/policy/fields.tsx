import { useEffect, useId, useState } from 'react';
import { texts, useT } from '../../i18n.js';

/** Form fields for a policy document where "not set" is a real value: a rule that leaves an
 * effect out lets an earlier rule (or the defaults) decide, so every field can be emptied. */

const T = texts({
  en: { unset: '— not set —', yes: 'yes', no: 'no', min: 'from', max: 'to', hint: 'comma-separated' },
  nl: { unset: '— niet ingesteld —', yes: 'ja', no: 'nee', min: 'vanaf', max: 'tot en met', hint: 'gescheiden door komma’s' },
});

const cleanList = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** A list of codes typed as "a, b, c"; empty means not set. */
export function ListField({
  label,
  value,
  onChange,
  upper,
}: {
  label: string;
  value: string[] | undefined;
  onChange: (v: string[] | undefined) => void;
  upper?: boolean;
}) {
  const t = useT(T);
  const joined = (value ?? []).join(', ');
  // The text is kept while typing so a trailing comma or space is not swallowed.
  const [text, setText] = useState(joined);
  useEffect(() => {
    // Only a change from outside (another editor, a reload) replaces what is being typed.
    if (cleanList(text).join(', ') !== joined) setText(joined);
  }, [joined, text]);
  return (
    <label>
      <span>
        {label} <small className="muted">({t.hint})</small>
      </span>
      <input
        value={text}
        onChange={(e) => {
          const raw = upper ? e.target.value.toUpperCase() : e.target.value;
          setText(raw);
          const list = cleanList(raw);
          onChange(list.length > 0 ? list : undefined);
        }}
      />
    </label>
  );
}

/** A whole number or a decimal; empty means not set. `scale` 100 shows cents as euros. */
export function NumberField({
  label,
  value,
  onChange,
  scale = 1,
  min = 0,
  max,
  step,
  suffix,
}: {
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  scale?: number;
  min?: number;
  max?: number;
  step?: number;
  suffix?: string;
}) {
  return (
    <label>
      <span>
        {label}
        {suffix ? ` (${suffix})` : ''}
      </span>
      <input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step ?? (scale === 100 ? 0.01 : 1)}
        size={8}
        value={value === undefined ? '' : value / scale}
        onChange={(e) => {
          if (e.target.value === '') return onChange(undefined);
          const n = Number(e.target.value);
          if (Number.isFinite(n)) onChange(scale === 1 ? n : Math.round(n * scale));
        }}
      />
    </label>
  );
}

/** Yes, no, or not set (a later rule or the defaults decide). */
export function TriState({
  label,
  value,
  onChange,
}: {
  label: string;
  value: boolean | undefined;
  onChange: (v: boolean | undefined) => void;
}) {
  const t = useT(T);
  return (
    <label>
      <span>{label}</span>
      <select
        value={value === undefined ? '' : value ? 'yes' : 'no'}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'yes')}
      >
        <option value="">{t.unset}</option>
        <option value="yes">{t.yes}</option>
        <option value="no">{t.no}</option>
      </select>
    </label>
  );
}

/** Choose any of a fixed set. With `optional`, "not set" is a choice of its own. */
export function ChoiceSet<V extends string>({
  legend,
  options,
  labels,
  value,
  onChange,
  optional,
}: {
  legend: string;
  options: readonly V[];
  labels: Record<V, string>;
  value: readonly V[] | undefined;
  onChange: (v: V[] | undefined) => void;
  optional?: boolean;
}) {
  const t = useT(T);
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {optional && (
        <label className="check">
          <input type="checkbox" checked={value === undefined} onChange={(e) => onChange(e.target.checked ? undefined : [])} />
          <span>{t.unset}</span>
        </label>
      )}
      {options.map((o) => (
        <label className="check" key={o}>
          <input
            type="checkbox"
            checked={value?.includes(o) ?? false}
            disabled={optional && value === undefined}
            onChange={(e) => {
              const current = value ?? [];
              onChange(e.target.checked ? options.filter((x) => x === o || current.includes(x)) : current.filter((x) => x !== o));
            }}
          />
          <span>{labels[o]}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A from–to pair; both empty means not set. */
export function RangeField({
  label,
  value,
  onChange,
  scale = 1,
  max,
  suffix,
}: {
  label: string;
  value: { min?: number; max?: number } | undefined;
  onChange: (v: { min?: number; max?: number } | undefined) => void;
  scale?: number;
  max?: number;
  suffix?: string;
}) {
  const t = useT(T);
  const id = useId();
  const set = (k: 'min' | 'max', n: number | undefined) => {
    const next = { ...value, [k]: n };
    if (n === undefined) delete next[k];
    onChange(next.min === undefined && next.max === undefined ? undefined : next);
  };
  return (
    <fieldset className="choices range" aria-labelledby={id}>
      <legend id={id}>
        {label}
        {suffix ? ` (${suffix})` : ''}
      </legend>
      <NumberField label={t.min} value={value?.min} onChange={(n) => set('min', n)} scale={scale} max={max} />
      <NumberField label={t.max} value={value?.max} onChange={(n) => set('max', n)} scale={scale} max={max} />
    </fieldset>
  );
}

/** Removes keys whose value is undefined, so the document says only what is set. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
