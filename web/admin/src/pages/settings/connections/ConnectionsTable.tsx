import { SHOP_PLATFORM_NAMES } from '../../../../../../src/domain/shopPlatforms.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { linkProps } from '../../../router.js';
import { TableCard } from '../../../ui/TableCard.js';
import { RunProgress } from './ConnectionBits.js';
import type { ShopConnection } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

/** Every connection with how its sync goes: last sync, counts, errors; each opens its own page. */
export function ConnectionsTable({ rows }: { rows: ShopConnection[] }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  return (
    <TableCard headers={[t.name, t.platform, t.channel, t.lastSync, t.orders, t.webhooks, t.errors, t.state]} actions={null}>
      {rows.map((c) => {
        const run = c.status.latestRun;
        return (
          <tr key={c.id}>
            <td>
              <a {...linkProps(`/settings/connections/${c.id}`)}>{c.name}</a>
              {c.shop && (
                <>
                  <br />
                  <small className="muted">{c.shop}</small>
                </>
              )}
            </td>
            <td>{SHOP_PLATFORM_NAMES[c.platform]}</td>
            <td>{c.channel.name || c.channel.code}</td>
            <td>
              {c.status.lastSyncAt ? dateTime(c.status.lastSyncAt, lang) : <span className="muted">{t.never}</span>}
              {run?.status === 'running' && (
                <>
                  <br />
                  <RunProgress run={run} label={`${t.running} ${c.name}`} />
                </>
              )}
            </td>
            <td>{c.status.ordersReceived}</td>
            <td>
              {t.webhooksCount
                .replace('{received}', String(c.status.webhooksReceived))
                .replace('{rejected}', String(c.status.webhooksRejected))}
            </td>
            <td>
              {c.status.recentErrors > 0 ? (
                <span className="badge bad">{c.status.recentErrors}</span>
              ) : (
                <span className="muted">{t.noErrors}</span>
              )}
            </td>
            <td>
              <span className={`badge ${c.enabled ? 'good' : ''}`}>{c.enabled ? t.on : t.off}</span>
            </td>
          </tr>
        );
      })}
    </TableCard>
  );
}
