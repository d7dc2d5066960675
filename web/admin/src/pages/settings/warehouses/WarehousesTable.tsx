import { useT } from '../../../i18n.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { Warehouse } from './warehouseModel.js';
import { WAREHOUSE_TEXTS } from './warehouseTexts.js';

/** The warehouses and stores, the default one marked; managers open one to change. */
export function WarehousesTable({ rows, manage, edit }: { rows: Warehouse[]; manage: boolean; edit: (w: Warehouse) => void }) {
  const t = useT(WAREHOUSE_TEXTS);
  const label = useLabels();
  return (
    <div className="card table-wrap">
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t.code}</th>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.kind}</th>
            <th scope="col">{t.address}</th>
            <th scope="col">{t.hours}</th>
            {manage && (
              <th scope="col">
                <span className="sr-only">{t.edit}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((w) => (
            <tr key={w.id}>
              <td>
                {w.code} {w.isDefault && <span className="badge good">{t.yes}</span>}
              </td>
              <td>{w.name}</td>
              <td>{label.warehouseKind(w.kind)}</td>
              <td>
                {w.address.line1}, {w.address.postcode} {w.address.city} ({w.address.country})
              </td>
              <td>{w.openingHours ?? '—'}</td>
              {manage && (
                <td>
                  <button type="button" onClick={() => edit(w)} aria-label={`${t.edit} ${w.code}`}>
                    {t.edit}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
