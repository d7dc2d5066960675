import { type FormEvent, useState } from 'react';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { SaveFooter } from '../../../ui/FormActions.js';
import { Empty } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import type { CarrierConnection, CarrierMethodList } from './carrierModel.js';
import { CARRIER_TEXTS } from './carrierTexts.js';
import { MethodRow } from './MethodRow.js';
import { useMethodRows } from './useMethodRows.js';
import { useServices } from './useServices.js';

/** The methods per country: rows to add, remove, move and save as one mapping. `to` is the
 * country returns go to (the default warehouse's), for the carriers' service lists. */
export function MethodsEditor({
  saved: initial,
  connections,
  to,
  editable,
  onSaved,
}: {
  saved: CarrierMethodList;
  connections: CarrierConnection[];
  to: string;
  editable: boolean;
  onSaved: () => Promise<void>;
}) {
  const t = useT(CARRIER_TEXTS);
  const action = useAction();
  const services = useServices(to);
  const [saved, setSaved] = useState(false);
  const { rows, change, move, add, remove } = useMethodRows(initial, connections[0]?.id ?? '', to);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const methods = rows.map((r, position) => ({ ...r, position }));
    if (await action.run(() => api('PUT', '/carrier-methods', { methods }))) {
      setSaved(true);
      await onSaved();
    }
  }

  if (connections.length === 0) return <Empty>{t.noConnections}</Empty>;
  return (
    <form onSubmit={submit} aria-label={t.methods}>
      {rows.length === 0 ? (
        <Empty>{t.noMethods}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <MethodsHead />
            <tbody>
              {rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved; their place is their identity
                <tr key={i}>
                  <MethodRow
                    index={i}
                    row={row}
                    connections={connections}
                    services={services(row.connectionId, row.country)}
                    onChange={(r) => change(i, r)}
                  />
                  <td>
                    <RowActions index={i} count={rows.length} onMove={(by) => move(i, by)} onRemove={() => remove(i)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <p>
          <button type="button" onClick={add}>
            {t.addRow}
          </button>
        </p>
      )}
      <SaveFooter
        busy={action.busy}
        error={action.error}
        saved={saved}
        editable={editable}
        texts={{ ...t, save: t.saveMethods }}
      />
    </form>
  );
}

/** Move a row up or down, or remove it. */
function RowActions({
  index: i,
  count,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const t = useT(CARRIER_TEXTS);
  return (
    <div className="toolbar">
      <button type="button" disabled={i === 0} onClick={() => onMove(-1)} aria-label={`${t.up}: ${t.row} ${i + 1}`}>
        ↑
      </button>
      <button type="button" disabled={i === count - 1} onClick={() => onMove(1)} aria-label={`${t.down}: ${t.row} ${i + 1}`}>
        ↓
      </button>
      <button type="button" onClick={onRemove}>
        {t.removeRow}
        <span className="sr-only"> {i + 1}</span>
      </button>
    </div>
  );
}

function MethodsHead() {
  const t = useT(CARRIER_TEXTS);
  return (
    <thead>
      <tr>
        {[t.country, t.method, t.connection, t.service, t.labelFormat, t.needsPoint].map((h) => (
          <th scope="col" key={h}>
            {h}
          </th>
        ))}
        <th scope="col">
          <span className="sr-only">{t.actions}</span>
        </th>
      </tr>
    </thead>
  );
}
