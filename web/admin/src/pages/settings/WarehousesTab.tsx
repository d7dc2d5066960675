import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { WarehouseFormCard } from './warehouses/WarehouseFormCard.js';
import { WarehousesTable } from './warehouses/WarehousesTable.js';
import { EMPTY_WAREHOUSE_FORM, formOf, type Warehouse, type WarehouseForm } from './warehouses/warehouseModel.js';
import { WAREHOUSE_TEXTS } from './warehouses/warehouseTexts.js';

/** The warehouses and stores returns go to: the default one takes what no routing rule sends elsewhere. */
export function WarehousesTab() {
  const t = useT(WAREHOUSE_TEXTS);
  const me = useMe();
  const state = useLoad(() => api<Warehouse[]>('GET', '/warehouses'), []);
  const action = useAction();
  const [form, setForm] = useState<WarehouseForm>(EMPTY_WAREHOUSE_FORM);
  // The warehouse being changed, or null while the form adds a new one.
  const [editing, setEditing] = useState<Warehouse | null>(null);
  const [saved, setSaved] = useState(false);
  const manage = can(me.role, 'warehouses.manage');

  function edit(w: Warehouse) {
    action.clear();
    setSaved(false);
    setEditing(w);
    setForm(formOf(w));
    document.getElementById('wh-form')?.scrollIntoView({ block: 'nearest' });
  }

  function reset() {
    setEditing(null);
    setForm(EMPTY_WAREHOUSE_FORM);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const fields = {
      name: form.name,
      kind: form.kind,
      openingHours: form.openingHours || null,
      address: { line1: form.line1, postcode: form.postcode, city: form.city, country: form.country.toUpperCase() },
    };
    const ok = await action.run(() =>
      editing
        ? // The default can only move here, never be switched off: some warehouse must take unrouted returns.
          api('PATCH', `/warehouses/${editing.id}`, {
            ...fields,
            ...(form.isDefault && !editing.isDefault ? { isDefault: true } : {}),
          })
        : api('POST', '/warehouses', { code: form.code, isDefault: form.isDefault, ...fields }),
    );
    if (ok) {
      setSaved(Boolean(editing));
      reset();
      await state.reload();
    }
  }

  return (
    <>
      <Loaded state={state}>
        {(rows) => (rows.length === 0 ? <Empty>{t.none}</Empty> : <WarehousesTable rows={rows} manage={manage} edit={edit} />)}
      </Loaded>
      {manage && (
        <WarehouseFormCard
          form={form}
          setForm={setForm}
          editing={editing}
          saved={saved}
          busy={action.busy}
          error={action.error}
          onSubmit={submit}
          onCancel={reset}
        />
      )}
    </>
  );
}
