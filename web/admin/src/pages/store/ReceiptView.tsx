import type { TakeBackWire } from '../../../../../src/http/routes/stores/counter/schema.js';
import { money, useLang, useT } from '../../i18n.js';
import { useLabels } from '../../ui/useLabels.js';
import { fill, GRADE_TEXTS, STORE_TEXTS } from './storeTexts.js';

/** The last step: the receipt as a page that prints on its own (the rest of the screen is hidden
 * in print), its PDF for the till's printer, and the way to the next shopper. */
export function ReceiptView({ result, onNext }: { result: TakeBackWire; onNext: () => void }) {
  const t = useT(STORE_TEXTS);
  const lang = useLang();
  const r = result.receipt;
  const when = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(r.takenAt),
  );
  if (result.outcome !== 'taken_back') {
    return (
      <section className="card" aria-labelledby="receipt-title">
        <h2 id="receipt-title">
          {t.returnNo} {r.returnNumber}
        </h2>
        <p role="status" className="error">
          {result.outcome === 'rejected' ? t.rejected : t.review}
        </p>
        <button type="button" className="primary big" onClick={onNext}>
          {t.newSearch}
        </button>
      </section>
    );
  }
  return (
    <section className="card receipt" aria-labelledby="receipt-title" data-testid="receipt">
      <h2 id="receipt-title">{t.receiptTitle}</h2>
      <address>
        <strong>{r.store.name}</strong>
        <br />
        {r.store.address.line1}, {r.store.address.postcode} {r.store.address.city}
      </address>
      <dl className="receipt-facts">
        <dt>{t.returnNo}</dt>
        <dd data-testid="receipt-number">{r.returnNumber}</dd>
        <dt>{t.date}</dt>
        <dd>{when}</dd>
      </dl>
      <ReceiptLines receipt={r} />
      <ReceiptMoney receipt={r} />
      <div className="counter-nav no-print">
        <button type="button" className="big" onClick={() => window.print()}>
          {t.print}
        </button>
        <a className="button big" href={`${r.pdfUrl}?locale=${lang}`} target="_blank" rel="noopener">
          {t.pdf}
        </a>
        <button type="button" className="primary big" onClick={onNext}>
          {t.newSearch}
        </button>
      </div>
    </section>
  );
}

type Receipt = TakeBackWire['receipt'];

/** The items taken back, their grades and what goes back for each. */
function ReceiptLines({ receipt: r }: { receipt: Receipt }) {
  const t = useT(STORE_TEXTS);
  const g = useT(GRADE_TEXTS);
  const lang = useLang();
  const labels = useLabels();
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">{t.item}</th>
          <th scope="col">{t.grade}</th>
          <th scope="col" className="num">
            {t.amount}
          </th>
        </tr>
      </thead>
      <tbody>
        {r.lines.map((l) => (
          <tr key={l.returnLineId}>
            <td>
              {l.quantity} × {l.title} <small>({l.sku})</small>
            </td>
            <td>{l.grade ? `${l.grade} · ${g[l.grade]}` : '—'}</td>
            <td className="num">
              {money(l.amount, r.currency, lang)} <small>{labels.resolution(l.resolution)}</small>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** How the money comes back: to the original payment, as store credit with its code, or not at all. */
function ReceiptMoney({ receipt: r }: { receipt: Receipt }) {
  const t = useT(STORE_TEXTS);
  const lang = useLang();
  const m = (amount: number) => money(amount, r.currency, lang);
  const refunds = r.money.filter((x) => x.kind === 'refund');
  const pending = refunds.some((x) => x.status === 'pending');
  // With no provider to refund through, staff pay it by bank transfer: it is not refunded yet.
  const byBank = refunds.some((x) => x.provider === 'manual' && x.status !== 'succeeded');
  return (
    <div className="receipt-money" data-testid="receipt-money">
      {r.refunded > 0 && (
        <p>
          <strong>{byBank ? t.bankTransfer : t.refunded}:</strong> {m(r.refunded)}{' '}
          {pending && !byBank && <small>({t.pending})</small>}
        </p>
      )}
      {r.storeCredit && (
        <p>
          <strong>{t.credited}:</strong> {m(r.storeCredit.amount)} · {t.creditCode}:{' '}
          <code data-testid="credit-code">{r.storeCredit.code}</code>
        </p>
      )}
      {r.refunded === 0 && !r.storeCredit && <p>{t.nothingDue}</p>}
      {r.email && <p className="no-print">{fill(t.emailed, { email: r.email })}</p>}
    </div>
  );
}
