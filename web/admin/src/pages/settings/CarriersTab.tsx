import { useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ConnectionForm } from './carriers/ConnectionForm.js';
import { ConnectionsTable } from './carriers/ConnectionsTable.js';
import type { CarrierConnection, CarrierConnectionList, CarrierMethodList } from './carriers/carrierModel.js';
import { CARRIER_TEXTS } from './carriers/carrierTexts.js';
import { MethodsEditor } from './carriers/MethodsEditor.js';

interface WarehouseRef {
  isDefault: boolean;
  address: { country: string };
}

/** The carriers a shop books returns with (keys, checks, webhook URLs) and which of their services
 * carries each return method per country. */
export function CarriersTab() {
  const t = useT(CARRIER_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'carriers.manage');
  const connections = useLoad(() => api<CarrierConnectionList>('GET', '/carriers'), []);
  const methods = useLoad(() => api<CarrierMethodList>('GET', '/carrier-methods'), []);
  const warehouses = useLoad(() => api<WarehouseRef[]>('GET', '/warehouses'), []);
  const action = useAction();
  const [editing, setEditing] = useState<CarrierConnection | null>(null);
  const to = warehouses.data?.find((w) => w.isDefault)?.address.country ?? warehouses.data?.[0]?.address.country ?? 'NL';

  return (
    <>
      <section className="card" aria-labelledby="carriers-title">
        <h2 id="carriers-title">{t.connections}</h2>
        <p className="muted">{t.connectionsHint}</p>
        {action.error && <ErrorBox message={action.error} />}
        <Loaded state={connections}>
          {({ items }) =>
            items.length === 0 ? (
              <Empty>{t.none}</Empty>
            ) : (
              <ConnectionsTable
                rows={items}
                editable={editable}
                action={action}
                reload={connections.reload}
                onEdit={setEditing}
              />
            )
          }
        </Loaded>
        {editable && (
          <ConnectionForm
            key={editing?.id ?? 'new'}
            editing={editing}
            action={action}
            onDone={async () => {
              setEditing(null);
              await Promise.all([connections.reload(), methods.reload()]);
            }}
          />
        )}
      </section>
      <section className="card" aria-labelledby="methods-title">
        <h2 id="methods-title">{t.methods}</h2>
        <p className="muted">{t.methodsHint}</p>
        <Loaded state={methods}>
          {(saved) =>
            connections.data && (
              <MethodsEditor
                // Drawn afresh when a connection comes or goes (removing one removes its rows).
                key={connections.data.items.map((c) => c.id).join()}
                saved={saved}
                connections={connections.data.items}
                to={to}
                editable={editable}
                onSaved={methods.reload}
              />
            )
          }
        </Loaded>
      </section>
    </>
  );
}
