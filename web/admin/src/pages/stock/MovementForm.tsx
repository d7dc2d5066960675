import { type FormEvent, useState } from 'react';
import { MANUAL_STOCK_KINDS, STOCK_CONDITIONS } from '../../../../../src/domain/disposition.js';
import type { ProductPage } from '../../../../../src/http/routes/catalog/products/schema.js';
import { api, query } from '../../api.js';
import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { STOCK_TEXTS } from './stockTexts.js';

type Field = (k: 'condition' | 'kind') => { value: string; onChange: (e: { target: { value: string } }) => void };

/** The variant with exactly this SKU, if the catalogue has one. */
async function variantOf(sku: string) {
  const found = await api<ProductPage>('GET', `/products${query({ q: sku })}`);
  return found.items.flatMap((p) => p.variants).find((v) => v.sku === sku.trim());
}

/** A stock movement by hand: a receipt, a count, a write-off… of one variant in one warehouse. */
export function MovementForm({
  warehouses,
  onDone,
}: {
  warehouses: { id: string; code: string; name: string }[];
  onDone: () => void;
}) {
  const t = useT(STOCK_TEXTS);
  const action = useAction();
  const [form, setForm] = useState({
    sku: '',
    warehouseId: warehouses[0]?.id ?? '',
    condition: 'new',
    quantity: '',
    kind: 'receipt',
    note: '',
  });
  const set = (k: keyof typeof form) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(async () => {
      const variant = await variantOf(form.sku);
      if (!variant) throw new Error(`${t.variant} ${form.sku}?`);
      await api('POST', '/stock/movements', {
        variantId: variant.id,
        warehouseId: form.warehouseId,
        condition: form.condition,
        quantity: Number(form.quantity),
        kind: form.kind,
        note: form.note || null,
      });
    });
    if (ok) {
      setForm({ ...form, sku: '', quantity: '', note: '' });
      onDone();
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="move-title">
      <h2 id="move-title">{t.adjust}</h2>
      <label>
        <span>{t.sku}</span>
        <input required {...set('sku')} />
      </label>
      <label>
        <span>{t.warehouse}</span>
        <select {...set('warehouseId')}>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <ConditionAndKind set={set} />
      <label>
        <span>{t.quantity}</span>
        <input required type="number" step={1} {...set('quantity')} />
      </label>
      <label>
        <span>{t.note}</span>
        <input {...set('note')} />
      </label>
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
    </form>
  );
}

function ConditionAndKind({ set }: { set: Field }) {
  const t = useT(STOCK_TEXTS);
  const label = useLabels();
  return (
    <>
      <label>
        <span>{t.condition}</span>
        <select {...set('condition')}>
          {STOCK_CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {label.stockCondition(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t.kind}</span>
        <select {...set('kind')}>
          {MANUAL_STOCK_KINDS.map((k) => (
            <option key={k} value={k}>
              {label.stockKind(k)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
