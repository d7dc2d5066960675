import { dateTime, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import type { PolicyVersionSummary } from '../../types.js';
import { Empty } from '../../ui/States.js';
import { POLICIES_TEXTS } from './policiesTexts.js';

/** Every version, the one in force marked; each opens in its own page. */
export function VersionsTable({ versions }: { versions: PolicyVersionSummary[] }) {
  const t = useT(POLICIES_TEXTS);
  const lang = useLang();
  return (
    <section className="card table-wrap">
      <h2>{t.versions}</h2>
      {versions.length === 0 ? (
        <Empty>{t.none}</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t.version}</th>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.when}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td>
                  <a {...linkProps(`/policies/${v.id}`)}>v{v.number}</a>
                </td>
                <td>{v.name}</td>
                <td>
                  <span className={`badge ${v.active ? 'good' : v.status === 'draft' ? 'warn' : ''}`}>
                    {v.active ? t.active : v.status === 'draft' ? t.draft : t.published}
                  </span>
                </td>
                <td>{dateTime(v.publishedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
