import { useState } from 'react';
import { api } from '../../../api.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { TableCard } from '../../../ui/TableCard.js';
import type { useAction } from '../../../ui/useAction.js';
import { useLabels } from '../../../ui/useLabels.js';
import type { ApiKey } from './apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeyTexts.js';
import { usePermissionWords } from './permissionTexts.js';

type Action = ReturnType<typeof useAction>;

/** What a key may do: all of its role, or its scopes in the reader's words. */
function ScopesCell({ scopes }: { scopes: string[] | null }) {
  const t = useT(API_KEY_TEXTS);
  const words = usePermissionWords();
  if (scopes === null) return <td>{t.allScopes}</td>;
  return <td>{scopes.map(words.permission).join(', ')}</td>;
}

/** When a key expires, marked once it has. */
function ExpiryCell({ expiresAt }: { expiresAt: string | null }) {
  const t = useT(API_KEY_TEXTS);
  const lang = useLang();
  if (expiresAt === null) return <td>{t.never}</td>;
  const expired = new Date(expiresAt).getTime() <= Date.now();
  return (
    <td>
      {dateTime(expiresAt, lang)} {expired && <span className="badge bad">{t.expired}</span>}
    </td>
  );
}

/** Every key with its role, scopes, expiry and last use; one not yet revoked can be, after a confirm step. */
export function ApiKeysTable({ rows, action, reload }: { rows: ApiKey[]; action: Action; reload: () => Promise<unknown> }) {
  const t = useT(API_KEY_TEXTS);
  const label = useLabels();
  const lang = useLang();
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = (k: ApiKey) =>
    void action.run(async () => {
      await api('POST', `/api-keys/${k.id}/revoke`, {});
      setConfirming(null);
      await reload();
    });
  return (
    <TableCard headers={[t.name, t.prefix, t.role, t.scopes, t.expires, t.created, t.used, t.revoked]}>
      {rows.map((k) => (
        <tr key={k.id}>
          <td>{k.name}</td>
          <td>
            <code>rtr_{k.prefix}</code>
          </td>
          <td>{label.role(k.role)}</td>
          <ScopesCell scopes={k.scopes} />
          <ExpiryCell expiresAt={k.expiresAt} />
          <td>{dateTime(k.createdAt, lang)}</td>
          <td>{dateTime(k.lastUsedAt, lang)}</td>
          <td>
            {k.revokedAt ? (
              dateTime(k.revokedAt, lang)
            ) : confirming === k.id ? (
              <>
                {t.confirm}{' '}
                <button type="button" className="danger" onClick={() => revoke(k)}>
                  {t.yes}
                </button>{' '}
                <button type="button" onClick={() => setConfirming(null)}>
                  {t.no}
                </button>
              </>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirming(k.id)}>
                {t.revoke} <span className="sr-only">{k.name}</span>
              </button>
            )}
          </td>
        </tr>
      ))}
    </TableCard>
  );
}
