import { useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { Warehouse } from './warehouseModel.js';
import { WAREHOUSE_TEXTS } from './warehouseTexts.js';

/** The warehouses and stores, the default one marked; managers open one to change. */
export function WarehousesTable({ rows, manage, edit }: { rows: Warehouse[]; manage: boolean; edit: (w: Warehouse) => void }) {
  const t = useT(WAREHOUSE_TEXTS);
  const label = useLabels();
  return (
    <TableCard headers={[t.code, t.name, t.kind, t.address, t.hours]} actions={manage ? t.edit : null}>
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
    </TableCard>
  );
}
