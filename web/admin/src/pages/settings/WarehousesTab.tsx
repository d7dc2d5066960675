import type { FormEvent } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useEditForm } from '../../ui/useEditForm.js';
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
  const { form, setForm, editing, saved, edit, reset, submit } = useEditForm<Warehouse, WarehouseForm>({
    empty: EMPTY_WAREHOUSE_FORM,
    formOf,
    formId: 'wh-form',
    action,
    reload: state.reload,
  });
  const manage = can(me.role, 'warehouses.manage');

  function save(e: FormEvent) {
    const fields = {
      name: form.name,
      kind: form.kind,
      openingHours: form.openingHours || null,
      address: { line1: form.line1, postcode: form.postcode, city: form.city, country: form.country.toUpperCase() },
    };
    return submit(e, (changing) =>
      changing
        ? // The default can only move here, never be switched off: some warehouse must take unrouted returns.
          api('PATCH', `/warehouses/${changing.id}`, {
            ...fields,
            ...(form.isDefault && !changing.isDefault ? { isDefault: true } : {}),
          })
        : api('POST', '/warehouses', { code: form.code, isDefault: form.isDefault, ...fields }),
    );
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
          onSubmit={save}
          onCancel={reset}
        />
      )}
    </>
  );
}
