import type { Warehouse } from '../../../../src/http/routes/catalog/warehouses/schema.js';
import { api } from '../api.js';
import { texts, useT } from '../i18n.js';
import { useLoad } from './useLoad.js';

const T = texts({
  en: { store: 'Store', none: 'Add a warehouse of kind “store” first' },
  nl: { store: 'Winkel', none: 'Voeg eerst een magazijn van het soort “winkel” toe' },
});

/** The shop's stores (warehouses of kind `store`), where a store's staff and tills work. */
export function useStores(): { id: string; name: string }[] {
  const state = useLoad(() => api<Warehouse[]>('GET', '/warehouses'), []);
  return (state.data ?? []).filter((w) => w.kind === 'store').map((w) => ({ id: w.id, name: w.name }));
}

/** Which store an account of the store role works at; required for that role. */
export function StoreSelect({
  stores,
  value,
  onChange,
  label,
  disabled,
  id,
}: {
  stores: { id: string; name: string }[];
  value: string | null;
  onChange: (storeId: string) => void;
  /** For a select inside a table row: whose store it is. */
  label?: string;
  disabled?: boolean;
  /** For a select a <label htmlFor> names. */
  id?: string;
}) {
  const t = useT(T);
  return (
    <select
      id={id}
      aria-label={id ? undefined : (label ?? t.store)}
      required
      value={value ?? ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
    >
      {!value && <option value="">{stores.length ? '—' : t.none}</option>}
      {stores.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}
