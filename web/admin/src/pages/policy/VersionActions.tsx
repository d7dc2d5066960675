import { useState } from 'react';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { navigate } from '../../router.js';
import type { DraftSaved } from '../../types.js';
import type { useAction } from '../../ui/useAction.js';
import type { VersionEditing } from './useVersionEditing.js';
import { VERSION_TEXTS } from './versionTexts.js';

/** Save and discard a draft's changes, publish it (after saving, with a confirm step), or start a
 * new draft from this version. */
export function VersionActions({
  version,
  draft,
  manage,
  editing,
  action,
  reload,
}: {
  version: { id: string; name: string };
  draft: boolean;
  manage: boolean;
  editing: VersionEditing;
  action: ReturnType<typeof useAction>;
  reload: () => Promise<unknown>;
}) {
  const t = useT(VERSION_TEXTS);
  const [confirming, setConfirming] = useState(false);
  const dirty = editing.edited !== null;
  const publish = () =>
    void action.run(async () => {
      await api('POST', `/policy-versions/${version.id}/publish`, { activate: true });
      setConfirming(false);
      await reload();
    });
  const newDraft = () =>
    void action.run(async () => {
      const created = await api<DraftSaved>('POST', '/policy-versions', {
        name: `${version.name} (draft)`,
        basedOn: version.id,
      });
      editing.discard();
      navigate(`/policies/${created.id}`);
    });
  return (
    <div className="toolbar">
      {draft && (
        <button type="submit" className="primary" disabled={action.busy || !dirty || Boolean(editing.jsonError)}>
          {t.save}
        </button>
      )}
      {draft && dirty && (
        <button type="button" onClick={editing.discard}>
          {t.discard}
        </button>
      )}
      {draft && !confirming && (
        <button type="button" disabled={dirty} title={dirty ? t.saveFirst : undefined} onClick={() => setConfirming(true)}>
          {t.publish}
        </button>
      )}
      {confirming && (
        <>
          <strong>{t.confirmPublish}</strong>
          <button type="button" className="primary" onClick={publish}>
            {t.yes}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t.no}
          </button>
        </>
      )}
      {manage && (
        <button type="button" onClick={newDraft}>
          {t.newDraft}
        </button>
      )}
    </div>
  );
}
