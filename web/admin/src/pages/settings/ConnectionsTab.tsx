import { useEffect } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { navigate } from '../../router.js';
import { useMe } from '../../session.js';
import { Empty } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { Polled } from './connections/ConnectionBits.js';
import { ConnectionDetail } from './connections/ConnectionDetail.js';
import { ConnectionForm } from './connections/ConnectionForm.js';
import { ConnectionsTable } from './connections/ConnectionsTable.js';
import type { ShopConnection, ShopConnectionList } from './connections/connectionModel.js';
import { CONNECTION_TEXTS } from './connections/connectionTexts.js';

const POLL_MS = 2000;

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
  // While a connection syncs, its progress bar in the list moves.
  const syncing = connections.data?.items.some((c) => c.status.latestRun?.status === 'running') ?? false;
  const reload = connections.reload;
  useEffect(() => {
    if (!syncing) return;
    const timer = window.setInterval(() => void reload(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [syncing, reload]);
  return (
    <section className="card" aria-labelledby="connections-title">
      <h2 id="connections-title">{t.connections}</h2>
      <p className="muted">{t.connectionsHint}</p>
      <Polled state={connections}>
        {({ items }) => (items.length === 0 ? <Empty>{t.none}</Empty> : <ConnectionsTable rows={items} />)}
      </Polled>
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
