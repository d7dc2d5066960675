import { useState } from 'react';
import { CARRIERS } from '../../../../src/domain/carriers.js';
import { isOneOf } from '../../../../src/domain/oneOf.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../../../src/domain/parcelClaims.js';
import type { ClaimPage } from '../../../../src/http/routes/logistics/claims/schema.js';
import { api, query } from '../api.js';
import { money, useLang, useT } from '../i18n.js';
import { linkProps } from '../router.js';
import { Empty, Loaded } from '../ui/States.js';
import { useLoad } from '../ui/useLoad.js';
import { ClaimsTable } from './claims/ClaimsTable.js';
import { CLAIM_TEXTS } from './claims/claimTexts.js';
import { StalledSetting } from './claims/StalledSetting.js';

/** Claims with carriers for parcels lost or damaged on the way, by status (the tab) and carrier,
 * newest first, with what they add up to. */
export function ClaimsPage({ status }: { status: string | null }) {
  const t = useT(CLAIM_TEXTS);
  const lang = useLang();
  const current: ClaimStatus | null = isOneOf(CLAIM_STATUSES, status) ? status : null;
  const [carrier, setCarrier] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  // Another tab is another list: its first page, not the old list's cursor.
  const [cursorOf, setCursorOf] = useState(current);
  if (cursorOf !== current) {
    setCursorOf(current);
    setCursor(null);
  }
  const state = useLoad(
    () => api<ClaimPage>('GET', `/claims${query({ status: current, carrier, limit: 50, cursor })}`),
    [current, carrier, cursor],
  );
  return (
    <>
      <h1>{t.title}</h1>
      <StalledSetting />
      <nav className="tabs" aria-label={t.status}>
        <a {...linkProps('/claims')} aria-current={current === null ? 'page' : undefined}>
          {t.all}
        </a>
        {CLAIM_STATUSES.map((s) => (
          <a key={s} {...linkProps(`/claims/${s}`)} aria-current={s === current ? 'page' : undefined}>
            {t[s]}
          </a>
        ))}
      </nav>
      <p>
        <label>
          <span>{t.carrier}</span>{' '}
          <select
            value={carrier}
            onChange={(e) => {
              setCarrier(e.target.value);
              setCursor(null);
            }}
          >
            <option value="">{t.anyCarrier}</option>
            {CARRIERS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </p>
      <Loaded state={state}>
        {({ items, totals, nextCursor }) =>
          items.length === 0 ? (
            <Empty>{t.none}</Empty>
          ) : (
            <>
              {totals.map((s) => (
                <p key={s.currency} className="muted">
                  {(s.count === 1 ? t.totalsOne : t.totals)
                    .replace('{count}', String(s.count))
                    .replace('{currency}', s.currency)
                    .replace('{claimed}', money(s.claimed, s.currency, lang))
                    .replace('{paid}', money(s.paid, s.currency, lang))}
                </p>
              ))}
              <ClaimsTable items={items} />
              {nextCursor && (
                <button type="button" onClick={() => setCursor(nextCursor)}>
                  {t.more}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}
