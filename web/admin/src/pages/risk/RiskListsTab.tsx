import { useState } from 'react';
import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { Empty, ErrorBox, Loading } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { ListEntriesTable } from './ListEntriesTable.js';
import { ListEntryForm } from './ListEntryForm.js';
import { LIST_TEXTS } from './listTexts.js';
import type { ListEntry, ListName } from './riskWire.js';

/** The block and allow lists: who is on them, why, by whom and until when; the roles that manage
 * them add and remove entries here. */
export function RiskListsTab() {
  const t = useT(LIST_TEXTS);
  const me = useMe();
  const manage = can(me.role, 'risk.lists');
  const [list, setList] = useState<'' | ListName>('');
  const [active, setActive] = useState<'true' | ''>('true');
  const entries = useLoad(() => api<{ items: ListEntry[] }>('GET', `/risk/lists${query({ list, active })}`), [list, active]);
  return (
    <>
      <p className="muted">{t.blockNote}</p>
      {manage && <ListEntryForm onAdded={() => void entries.reload()} />}
      <h2>{t.entries}</h2>
      <div className="toolbar">
        <label>
          <span>{t.list}</span>
          <select value={list} onChange={(e) => setList(e.target.value as '' | ListName)}>
            <option value="">
              {t.block} + {t.allow}
            </option>
            <option value="block">{t.block}</option>
            <option value="allow">{t.allow}</option>
          </select>
        </label>
        <label>
          <span>{t.show}</span>
          <select value={active} onChange={(e) => setActive(e.target.value as 'true' | '')}>
            <option value="true">{t.activeOnly}</option>
            <option value="">{t.removedToo}</option>
          </select>
        </label>
      </div>
      {entries.error ? (
        <ErrorBox message={entries.error} onRetry={entries.reload} />
      ) : !entries.data ? (
        <Loading />
      ) : entries.data.items.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <ListEntriesTable entries={entries.data.items} canRemove={manage} onRemoved={() => void entries.reload()} />
      )}
    </>
  );
}
