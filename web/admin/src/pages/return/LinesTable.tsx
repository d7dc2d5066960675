import { day, money, texts, useLang, useT } from '../../i18n.js';
import type { ReturnDetail } from '../../types.js';
import { ItemImage } from '../../ui/ItemImage.js';
import { useLabels, useReasonLabel } from '../../ui/useLabels.js';

const T = texts({
  en: {
    title: 'Items',
    item: 'Item',
    qty: 'Qty',
    reason: 'Reason and comment',
    resolution: 'Resolution',
    decision: 'Decision',
    goods: 'Goods',
    photos: 'Photos',
    verdict: 'Policy verdict',
    eligible: 'Returnable',
    notEligible: 'Not returnable',
    rules: 'Rules that fired',
    noRules: 'none (shop defaults)',
    allowed: 'Resolutions allowed',
    restockingFee: 'Restocking fee',
    deadline: 'Deadline',
    review: 'Needs a person',
    exchangeFor: 'Exchange for',
    received: 'received',
    grade: 'grade',
    recovered: 'recovered',
    photo: 'Photo of',
    byStaff: 'by staff',
  },
  nl: {
    title: 'Artikelen',
    item: 'Artikel',
    qty: 'Aantal',
    reason: 'Reden en opmerking',
    resolution: 'Afhandeling',
    decision: 'Besluit',
    goods: 'Goederen',
    photos: "Foto's",
    verdict: 'Oordeel van het beleid',
    eligible: 'Retourneerbaar',
    notEligible: 'Niet retourneerbaar',
    rules: 'Toegepaste regels',
    noRules: 'geen (standaard van de winkel)',
    allowed: 'Toegestane afhandelingen',
    restockingFee: 'Herbevoorradingskosten',
    deadline: 'Uiterste datum',
    review: 'Beoordeling nodig',
    exchangeFor: 'Ruilen voor',
    received: 'ontvangen',
    grade: 'klasse',
    recovered: 'opbrengst',
    photo: 'Foto van',
    byStaff: 'door medewerker',
  },
});

/** The lines with everything known about them: the shopper's words and photos, the policy's
 * verdict with the rules behind it, the decision and what the warehouse found. */
export function LinesTable({ ret }: { ret: ReturnDetail }) {
  const t = useT(T);
  return (
    <section className="card table-wrap">
      <h2>{t.title}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">{t.item}</th>
            <th scope="col" className="num">
              {t.qty}
            </th>
            <th scope="col">{t.reason}</th>
            <th scope="col">{t.resolution}</th>
            <th scope="col">{t.decision}</th>
            <th scope="col">{t.goods}</th>
          </tr>
        </thead>
        <tbody>
          {ret.lines.map((l) => (
            <LineRow key={l.id} ret={ret} line={l} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Line = ReturnDetail['lines'][number];

/** One line: the item, photos and verdict, the shopper's reason, the resolution, decision and goods. */
function LineRow({ ret, line: l }: { ret: ReturnDetail; line: Line }) {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const reason = useReasonLabel();
  return (
    <tr>
      <td>
        <div className="line-item">
          <ItemImage image={l.image} />
          <div>
            {l.title}
            <br />
            <small className="muted">{l.sku}</small>
          </div>
        </div>
        <LinePhotos line={l} />
        {l.verdict && <LineVerdict ret={ret} verdict={l.verdict} />}
      </td>
      <td className="num">{l.quantity}</td>
      <td>
        <span title={l.reasonCode ?? undefined}>{reason(l.reasonCode)}</span>
        {l.comment && <blockquote>“{l.comment}”</blockquote>}
      </td>
      <td>
        {label.resolution(l.grantedResolution ?? l.requestedResolution)}
        {l.exchange && (
          <div>
            {t.exchangeFor}: {l.exchange.title} ({l.exchange.sku})
          </div>
        )}
      </td>
      <td>
        {label.decision(l.acceptance)}
        {l.acceptanceReason && <div className="muted">“{l.acceptanceReason}”</div>}
      </td>
      <td>
        {label.reception(l.reception)}
        {l.quantityReceived > 0 && (
          <div>
            {l.quantityReceived} {t.received}
          </div>
        )}
        {l.grade && (
          <div>
            {t.grade} {l.grade} → {label.disposition(l.disposition)}
          </div>
        )}
        {l.recoveredValue !== null && (
          <div>
            {t.recovered} {money(l.recoveredValue, ret.currency, lang)}
          </div>
        )}
      </td>
    </tr>
  );
}

/** The shopper's and staff's photos of the item, each opening the full image. */
function LinePhotos({ line: l }: { line: Line }) {
  const t = useT(T);
  if (l.photos.length === 0) return null;
  return (
    <div className="photos">
      {l.photos.map((p) => (
        <a key={p.id} href={`/api/v1/photos/${p.id}/image`} target="_blank" rel="noreferrer">
          <img
            src={`/api/v1/photos/${p.id}/thumbnail`}
            alt={`${t.photo} ${l.title}${p.uploadedBy === 'staff' ? ` (${t.byStaff})` : ''}`}
            loading="lazy"
          />
        </a>
      ))}
    </div>
  );
}

/** What the policy said about the line and which rules said it. */
function LineVerdict({ ret, verdict }: { ret: ReturnDetail; verdict: NonNullable<Line['verdict']> }) {
  const t = useT(T);
  const lang = useLang();
  const label = useLabels();
  const reason = useReasonLabel();
  return (
    <details>
      <summary>
        {t.verdict}: {verdict.eligible ? t.eligible : t.notEligible}
        {verdict.manualReview ? ` · ${t.review}` : ''}
      </summary>
      <ul>
        {verdict.reasons.map((r) => (
          <li key={`${r.code}-${r.source}`} title={r.code}>
            {label.verdictCode(r.code)} ({label.severity(r.severity)}) —{' '}
            {r.source.startsWith('reason:') ? reason(r.source.slice('reason:'.length)) : label.verdictSource(r.source)}
          </li>
        ))}
      </ul>
      <p>
        {t.rules}: {verdict.firedRules.length ? verdict.firedRules.join(', ') : t.noRules}
      </p>
      <p>
        {t.allowed}: {verdict.resolutions.map(label.resolution).join(', ')} · {t.restockingFee}:{' '}
        {money(verdict.restockingFee, ret.currency, lang)} · {t.deadline}: {day(verdict.deadline, lang)}
      </p>
    </details>
  );
}
