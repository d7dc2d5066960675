import { type FormEvent, useState } from 'react';
import { money, useLang, useT } from '../../i18n.js';
import { ItemImage } from '../../ui/ItemImage.js';
import { ErrorBox } from '../../ui/States.js';
import { OrderButtons } from './ProductFields.js';
import { emptyVariant, type VariantDraft } from './productDraft.js';
import { PRODUCT_TEXTS } from './productTexts.js';

export interface VariantActions {
  add: (v: VariantDraft) => Promise<boolean>;
  update: (index: number, v: VariantDraft) => Promise<boolean>;
  remove: (index: number) => Promise<boolean>;
  move: (index: number, by: -1 | 1) => Promise<boolean>;
}

/** A product's variants in order, moved with buttons, added, changed and removed one at a time. */
export function VariantsEditor({
  variants,
  options,
  readOnly,
  busy,
  error,
  actions,
}: {
  variants: VariantDraft[];
  options: string[];
  readOnly: boolean;
  busy: boolean;
  error: string | null;
  actions: VariantActions;
}) {
  const t = useT(PRODUCT_TEXTS);
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <section className="card" aria-labelledby="variants-title">
      <h2 id="variants-title">{t.variants}</h2>
      {error && <ErrorBox message={error} />}
      {variants.length === 0 ? (
        <p className="muted">{t.noVariants}</p>
      ) : (
        <VariantTable
          variants={variants}
          options={options}
          readOnly={readOnly}
          busy={busy}
          actions={actions}
          onEdit={setEditing}
        />
      )}
      {!readOnly && (
        <VariantForm
          key={editing ?? 'new'}
          initial={editing !== null ? (variants[editing] ?? emptyVariant()) : emptyVariant(variants[0]?.currency)}
          options={options}
          changing={editing !== null}
          busy={busy}
          onCancel={() => setEditing(null)}
          onSave={async (v) => {
            const ok = editing !== null ? await actions.update(editing, v) : await actions.add(v);
            if (ok) setEditing(null);
            return ok;
          }}
        />
      )}
    </section>
  );
}

/** The variants in order, each with buttons to move, change or remove it. */
function VariantTable({
  variants,
  options,
  readOnly,
  busy,
  actions,
  onEdit,
}: {
  variants: VariantDraft[];
  options: string[];
  readOnly: boolean;
  busy: boolean;
  actions: VariantActions;
  onEdit: (index: number) => void;
}) {
  const t = useT(PRODUCT_TEXTS);
  const lang = useLang();
  const label = (v: VariantDraft) => `${v.title} (${v.sku})`;
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">{t.position}</th>
          <th scope="col">{t.image}</th>
          <th scope="col">{t.sku}</th>
          <th scope="col">{t.variantTitle}</th>
          {options.map((o) => (
            <th scope="col" key={o}>
              {o}
            </th>
          ))}
          <th scope="col" className="num">
            {t.price}
          </th>
          {!readOnly && <th scope="col">{t.edit}</th>}
        </tr>
      </thead>
      <tbody>
        {variants.map((v, i) => (
          <tr key={v.id ?? `${v.sku}-${i}`}>
            <td className="num">{i + 1}</td>
            <td>
              <ItemImage image={v.imageUrl ? { url: v.imageUrl, alt: v.title } : null} size={32} />
            </td>
            <td>{v.sku}</td>
            <td>{v.title}</td>
            {options.map((o) => (
              <td key={o}>{v.options[o] ?? '—'}</td>
            ))}
            <td className="num">{money(Math.round(Number(v.price) * 100), v.currency, lang)}</td>
            {!readOnly && (
              <td>
                <OrderButtons
                  index={i}
                  count={variants.length}
                  label={label(v)}
                  disabled={busy}
                  onMove={(by) => void actions.move(i, by)}
                />{' '}
                <button type="button" onClick={() => onEdit(i)} disabled={busy}>
                  {t.edit} <span className="sr-only">{label(v)}</span>
                </button>{' '}
                <button type="button" onClick={() => void actions.remove(i)} disabled={busy}>
                  {t.remove} <span className="sr-only">{label(v)}</span>
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VariantForm({
  initial,
  options,
  changing,
  busy,
  onCancel,
  onSave,
}: {
  initial: VariantDraft;
  options: string[];
  changing: boolean;
  busy: boolean;
  onCancel: () => void;
  onSave: (v: VariantDraft) => Promise<boolean>;
}) {
  const t = useT(PRODUCT_TEXTS);
  const [v, setV] = useState<VariantDraft>(initial);
  const set = <K extends keyof VariantDraft>(key: K, value: VariantDraft[K]) => setV({ ...v, [key]: value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await onSave(v)) setV(emptyVariant(v.currency));
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={changing ? t.updateVariant : t.addVariant}>
      <h3>{changing ? t.updateVariant : t.addVariant}</h3>
      <div className="field-grid">
        <label>
          <span>{t.sku}</span>
          <input required value={v.sku} onChange={(e) => set('sku', e.target.value)} />
        </label>
        <label>
          <span>{t.variantTitle}</span>
          <input required value={v.title} onChange={(e) => set('title', e.target.value)} />
        </label>
        {options.map((o) => (
          <label key={o}>
            <span>{o}</span>
            <input required value={v.options[o] ?? ''} onChange={(e) => set('options', { ...v.options, [o]: e.target.value })} />
          </label>
        ))}
        <label>
          <span>{t.price}</span>
          <input
            required
            inputMode="decimal"
            pattern="\d+([.,]\d{1,2})?"
            value={v.price}
            onChange={(e) => set('price', e.target.value)}
          />
        </label>
        <label>
          <span>{t.currency}</span>
          <input required size={4} pattern="[A-Za-z]{3}" value={v.currency} onChange={(e) => set('currency', e.target.value)} />
        </label>
        <label>
          <span>{t.ean}</span>
          <input inputMode="numeric" value={v.ean} onChange={(e) => set('ean', e.target.value)} />
        </label>
        <label>
          <span>{t.imageUrl}</span>
          <input inputMode="url" value={v.imageUrl} onChange={(e) => set('imageUrl', e.target.value)} />
        </label>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={busy}>
          {changing ? t.updateVariant : t.addVariant}
        </button>
        {changing && (
          <button type="button" onClick={onCancel}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
