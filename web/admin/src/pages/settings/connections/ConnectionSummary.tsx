import { SHOP_PLATFORM_NAMES } from '../../../../../../src/domain/shopPlatforms.js';
import { dateTime, useLang, useT } from '../../../i18n.js';
import { CheckResult, WebhookUrl } from './ConnectionBits.js';
import type { ShopConnection } from './connectionModel.js';
import { CONNECTION_TEXTS } from './connectionTexts.js';

/** A connection's name and facts: its channel and key, the last check, and how its sync goes, and the webhook URL to paste in the platform. */
export function ConnectionSummary({ c }: { c: ShopConnection }) {
  const t = useT(CONNECTION_TEXTS);
  const lang = useLang();
  return (
    <>
      <h2 id="connection-title">
        {c.name} <small className="muted">{SHOP_PLATFORM_NAMES[c.platform]}</small>{' '}
        <span className={`badge ${c.enabled ? 'good' : ''}`}>{c.enabled ? t.on : t.off}</span>
      </h2>
      <dl className="facts">
        <dt>{t.channel}</dt>
        <dd>{c.channel.name || c.channel.code}</dd>
        <dt>{t.keyHint}</dt>
        <dd>
          <code>{c.keyHint}</code>
        </dd>
        <dt>{t.lastCheck}</dt>
        <dd>
          <CheckResult check={c.check} />
        </dd>
        <dt>{t.lastSync}</dt>
        <dd>{c.status.lastSyncAt ? dateTime(c.status.lastSyncAt, lang) : t.never}</dd>
        <dt>{t.syncedUntil}</dt>
        <dd>{c.status.syncedUntil ? dateTime(c.status.syncedUntil, lang) : t.never}</dd>
        <dt>{t.orders}</dt>
        <dd>{c.status.ordersReceived}</dd>
        <dt>{t.webhooks}</dt>
        <dd>
          {t.webhooksCount
            .replace('{received}', String(c.status.webhooksReceived))
            .replace('{rejected}', String(c.status.webhooksRejected))}
        </dd>
        <dt>{t.lastError}</dt>
        <dd>
          {c.status.lastError ? (
            <>
              {c.status.lastError.message} <small className="muted">{dateTime(c.status.lastError.at, lang)}</small>
            </>
          ) : (
            t.noErrors
          )}
        </dd>
      </dl>
      {c.webhookUrl && <WebhookUrl url={c.webhookUrl} />}
    </>
  );
}
