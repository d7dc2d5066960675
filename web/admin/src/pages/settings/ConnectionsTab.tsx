import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { navigate } from '../../router.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { ConnectionDetail } from './connections/ConnectionDetail.js';
import { ConnectionForm } from './connections/ConnectionForm.js';
import { ConnectionsTable } from './connections/ConnectionsTable.js';
import type { ShopConnection, ShopConnectionList } from './connections/connectionModel.js';
import { CONNECTION_TEXTS } from './connections/connectionTexts.js';

/** Shop platforms and marketplaces: keys, checks, webhook URLs, what syncs and how the sync went. */
export function ConnectionsTab({ connectionId }: { connectionId: string | null }) {
  if (connectionId) return <ConnectionDetail key={connectionId} id={connectionId} />;
  return <ConnectionList />;
}

function ConnectionList() {
  const t = useT(CONNECTION_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'connections.manage');
  const connections = useLoad(() => api<ShopConnectionList>('GET', '/connections'), []);
  const action = useAction();
  return (
    <section className="card" aria-labelledby="connections-title">
      <h2 id="connections-title">{t.connections}</h2>
      <p className="muted">{t.connectionsHint}</p>
      <Loaded state={connections}>
        {({ items }) => (items.length === 0 ? <Empty>{t.none}</Empty> : <ConnectionsTable rows={items} />)}
      </Loaded>
      {editable && (
        <ConnectionForm
          editing={null}
          action={action}
          onDone={async (saved: ShopConnection | null) => {
            // A new connection opens on its own page: its webhook URL is what the shop needs next.
            if (saved) navigate(`/settings/connections/${saved.id}`);
            else await connections.reload();
          }}
        />
      )}
    </section>
  );
}
