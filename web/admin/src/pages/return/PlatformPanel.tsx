import { SHOP_PLATFORM_NAMES } from '../../../../../src/domain/shopPlatforms.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';

const T = texts({
  en: {
    title: 'On the shop platform',
    connection: 'Connection',
    platformId: 'Return there',
    status: 'Status there',
    waiting: 'Not registered yet: it is being sent',
    refused: 'The platform did not take it: the return goes on in Retour only',
    announced: 'Announced by the marketplace',
    registered: 'Registered by Retour',
    receipt: 'Lines whose receipt was reported',
    lastError: 'Last error',
    updated: 'Updated',
  },
  nl: {
    title: 'Op het winkelplatform',
    connection: 'Koppeling',
    platformId: 'Retour daar',
    status: 'Status daar',
    waiting: 'Nog niet geregistreerd: wordt verstuurd',
    refused: 'Het platform nam hem niet aan: de retour gaat alleen in Retour verder',
    announced: 'Aangemeld door de marketplace',
    registered: 'Geregistreerd door Retour',
    receipt: 'Regels waarvan de ontvangst is gemeld',
    lastError: 'Laatste fout',
    updated: 'Bijgewerkt',
  },
});

/** Where the return lives on the shop platform or marketplace its order came from: its id and
 * status there, and the platform's last error, so staff know whether the shop sees it too. */
export function PlatformPanel({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  const lang = useLang();
  const copies = ret.platformReturns ?? [];
  if (copies.length === 0) return null;
  return (
    <section className="card" aria-labelledby="platform-return-title">
      <h2 id="platform-return-title">{t.title}</h2>
      {copies.map((p) => (
        <dl key={p.id} className="facts" data-testid="platform-return">
          <dt>{t.connection}</dt>
          <dd>
            {SHOP_PLATFORM_NAMES[p.platform]} · {p.connectionName} ({p.origin === 'platform' ? t.announced : t.registered})
          </dd>
          <dt>{t.platformId}</dt>
          <dd>{p.externalId ?? (p.failed ? t.refused : t.waiting)}</dd>
          {p.status && (
            <>
              <dt>{t.status}</dt>
              <dd>{p.status}</dd>
            </>
          )}
          {p.linesReported > 0 && (
            <>
              <dt>{t.receipt}</dt>
              <dd>{p.linesReported}</dd>
            </>
          )}
          {p.lastError && (
            <>
              <dt>{t.lastError}</dt>
              <dd className="error" role="status">
                {p.lastError}
              </dd>
            </>
          )}
          <dt>{t.updated}</dt>
          <dd>{dateTime(p.updatedAt, lang)}</dd>
        </dl>
      ))}
    </section>
  );
}
