import type { Claim } from '../../../../../src/http/routes/logistics/claims/schema.js';
import { dateTime, money, useLang, useT } from '../../i18n.js';
import { linkProps } from '../../router.js';
import { CLAIM_TEXTS } from './claimTexts.js';

/** Claims as rows: the return, the carrier's parcel, kind, status and amounts. */
export function ClaimsTable({ items }: { items: Claim[] }) {
  const t = useT(CLAIM_TEXTS);
  const lang = useLang();
  return (
    <div className="table-wrap">
      <table className="grid">
        <caption className="sr-only">{t.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t.ret}</th>
            <th scope="col">{t.carrier}</th>
            <th scope="col">{t.parcel}</th>
            <th scope="col">{t.kind}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.claimed}</th>
            <th scope="col">{t.paid}</th>
            <th scope="col">{t.updated}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <a {...linkProps(`/returns/${c.returnId}`)}>{c.returnNumber}</a>
              </td>
              <td>{c.carrier}</td>
              <td>{c.trackingNumber ?? '—'}</td>
              <td>{t[c.kind]}</td>
              <td>
                <span className="badge">{t[c.status]}</span>
              </td>
              <td>{money(c.amountClaimed, c.currency, lang)}</td>
              <td>{money(c.amountPaid, c.currency, lang)}</td>
              <td>{dateTime(c.updatedAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
