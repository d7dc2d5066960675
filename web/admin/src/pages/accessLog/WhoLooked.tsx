import type { AccessLogPage } from '../../../../../src/http/routes/admin/accessLog/schema.js';
import { can } from '../../access.js';
import { api, query } from '../../api.js';
import { useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { useMe } from '../../session.js';
import { Empty, Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { AccessLogTable } from './AccessLogTable.js';
import { ACCESS_LOG_TEXTS } from './accessLogTexts.js';

/** The last few who opened a return or customer, for admins, with a link to the whole log of it.
 * Other roles see nothing (the log is not theirs to read). */
export function WhoLooked({ subjectType, subjectId }: { subjectType: 'return' | 'customer'; subjectId: string }) {
  const me = useMe();
  if (!can(me.role, 'audit.read')) return null;
  return <WhoLookedPanel subjectType={subjectType} subjectId={subjectId} />;
}

function WhoLookedPanel({ subjectType, subjectId }: { subjectType: 'return' | 'customer'; subjectId: string }) {
  const t = useT(ACCESS_LOG_TEXTS);
  const filters = { subjectType, subjectId };
  const state = useLoad(
    () => api<AccessLogPage>('GET', `/access-log${query({ ...filters, limit: 5 })}`),
    [subjectType, subjectId],
  );
  const id = `who-looked-${subjectId}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{t.whoLooked}</h2>
      <Loaded state={state}>
        {({ items }) => (items.length === 0 ? <Empty>{t.whoLookedNone}</Empty> : <AccessLogTable items={items} compact />)}
      </Loaded>
      <p>
        <a {...linkProps(`/access-log${query(filters)}`)}>{t.whoLookedAll}</a>
      </p>
    </section>
  );
}
