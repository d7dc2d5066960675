import type { FormEvent } from 'react';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import type { Warehouse, WarehouseForm } from './warehouseModel.js';
import { WAREHOUSE_TEXTS } from './warehouseTexts.js';

type TextField = 'code' | 'name' | 'openingHours' | 'line1' | 'postcode' | 'city' | 'country';
type TextProps = (k: TextField) => { value: string; onChange: (e: { target: { value: string } }) => void };

/** A new warehouse or store, or the one being changed: code, name, kind, address, hours, default. */
export function WarehouseFormCard({
  form,
  setForm,
  editing,
  saved,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  form: WarehouseForm;
  setForm: (f: WarehouseForm) => void;
  editing: Warehouse | null;
  saved: boolean;
  busy: boolean;
  error: string | null;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
}) {
  const t = useT(WAREHOUSE_TEXTS);
  const text = (k: TextField) => ({
    value: form[k],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  });
  return (
    <form className="card" id="wh-form" onSubmit={onSubmit} aria-labelledby="wh-add">
      <h2 id="wh-add">{editing ? `${t.editing}: ${editing.code}` : t.add}</h2>
      {saved && (
        <p className="ok" role="status">
          {t.saved}
        </p>
      )}
      <div className="toolbar">
        <label>
          <span>{t.code}</span>
          <input required pattern="[a-z0-9_-]+" readOnly={Boolean(editing)} {...text('code')} />
        </label>
        <label>
          <span>{t.name}</span>
          <input required {...text('name')} />
        </label>
        <label>
          <span>{t.kind}</span>
          <select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="warehouse">{t.warehouse}</option>
            <option value="store">{t.store}</option>
          </select>
        </label>
      </div>
      <AddressFields text={text} />
      <label>
        <span>{t.hours}</span>
        <input size={50} {...text('openingHours')} />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.isDefault}
          disabled={Boolean(editing?.isDefault)}
          onChange={(e) => setForm({ ...form, isDefault: e.target.checked })}
        />
        <span>{t.isDefault}</span>
      </label>
      <FormActions busy={busy} error={error} changing={Boolean(editing)} texts={t} onCancel={onCancel} />
    </form>
  );
}

function AddressFields({ text }: { text: TextProps }) {
  const t = useT(WAREHOUSE_TEXTS);
  return (
    <div className="toolbar">
      <label>
        <span>{t.line1}</span>
        <input required {...text('line1')} />
      </label>
      <label>
        <span>{t.postcode}</span>
        <input required {...text('postcode')} />
      </label>
      <label>
        <span>{t.city}</span>
        <input required {...text('city')} />
      </label>
      <label>
        <span>{t.country}</span>
        <input required size={3} {...text('country')} />
      </label>
    </div>
  );
}
