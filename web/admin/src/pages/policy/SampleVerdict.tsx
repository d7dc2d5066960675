import { useEffect, useRef, useState } from 'react';
import type { PolicyDocumentInput } from '../../../../../src/domain/policy/document.js';
import type { OrderDetail, OrderPage } from '../../../../../src/http/routes/catalog/orders/schema.js';
import { api, problemText, query } from '../../api.js';
import { date, money, texts, useLang, useT } from '../../i18n.js';
import type { ExplainedVerdict, OrderEvaluation } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';

const T = texts({
  en: {
    sample: 'Verdict for a sample order',
    orderNumber: 'Order number',
    check: 'Check',
    notFound: 'No order with that number.',
    eligible: 'returnable',
    notEligible: 'not returnable',
    until: 'until',
    rules: 'rules',
    refund: 'Refund',
    credit: 'Store credit',
    fee: 'Return shipping fee',
    restocking: 'Restocking fees',
    live: 'Follows the editor as you type; nothing is saved.',
    working: 'Judging…',
    unsaved: 'unsaved draft',
  },
  nl: {
    sample: 'Oordeel voor een voorbeeldorder',
    orderNumber: 'Ordernummer',
    check: 'Controleren',
    notFound: 'Geen order met dat nummer.',
    eligible: 'retourneerbaar',
    notEligible: 'niet retourneerbaar',
    until: 'tot',
    rules: 'regels',
    refund: 'Terugbetaling',
    credit: 'Winkeltegoed',
    fee: 'Retourkosten',
    restocking: 'Herbevoorradingskosten',
    live: 'Volgt de editor terwijl je typt; er wordt niets opgeslagen.',
    working: 'Beoordelen…',
    unsaved: 'niet-opgeslagen concept',
  },
});

/** Waits for a pause in typing before asking the server again. */
const SETTLE_MS = 400;

/** The verdict on the order found, asked again when the document (after a pause in typing), the
 * version or the language changes; a late answer to an older question is dropped. */
function useVerdictOf(
  order: { id: string } | null,
  document: PolicyDocumentInput | null,
  versionId: string,
  setError: (error: string | null) => void,
) {
  const lang = useLang();
  const [verdict, setVerdict] = useState<ExplainedVerdict | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const documentKey = document ? JSON.stringify(document) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the document is compared by its text
  useEffect(() => {
    if (!order) return;
    const mine = ++asked.current;
    const timer = window.setTimeout(
      async () => {
        setBusy(true);
        try {
          const body = document ? { document, locale: lang } : { versionId, locale: lang };
          const res = await api<OrderEvaluation>('POST', `/orders/${order.id}/policy-evaluation`, body);
          if (mine === asked.current) {
            setVerdict(res.verdict);
            setError(null);
          }
        } catch (err) {
          if (mine === asked.current) setError(problemText(err));
        } finally {
          if (mine === asked.current) setBusy(false);
        }
      },
      document ? SETTLE_MS : 0,
    );
    return () => window.clearTimeout(timer);
  }, [order, documentKey, versionId, lang]);
  return { verdict, setVerdict, busy };
}

/** Each line's verdict with its deadline, codes, the rules that fired and the reasons, and the totals. */
function VerdictView({ verdict, titles, unsaved }: { verdict: ExplainedVerdict; titles: Map<string, string>; unsaved: boolean }) {
  const t = useT(T);
  const lang = useLang();
  return (
    <>
      {unsaved && <span className="badge warn">{t.unsaved}</span>}
      <ul>
        {verdict.lines.map((l) => (
          <li key={l.orderLineId} data-eligible={String(l.eligible)}>
            {titles.get(l.orderLineId) ?? l.orderLineId}: <strong>{l.eligible ? t.eligible : t.notEligible}</strong>
            {l.deadline && (
              <>
                {' '}
                {t.until} {date(l.deadline, lang)}
              </>
            )}{' '}
            <small>{l.codes.join(', ')}</small>
            {l.firedRules.length > 0 && (
              <div className="muted">
                {t.rules}: {l.firedRules.join(', ')}
              </div>
            )}
            {l.reasons.length > 0 && (
              <ul>
                {l.reasons.map((r) => (
                  <li key={r.code}>{r.message}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p>
        {t.refund}: {money(verdict.totals.refund, verdict.currency, lang)} · {t.credit}:{' '}
        {money(verdict.totals.storeCredit, verdict.currency, lang)} · {t.fee}:{' '}
        {money(verdict.totals.returnShippingFee, verdict.currency, lang)} · {t.restocking}:{' '}
        {money(verdict.totals.restockingFees, verdict.currency, lang)}
      </p>
    </>
  );
}

/**
 * What the policy being edited says about a real order. With `document` (a draft being edited)
 * the verdict follows every change without saving; otherwise it uses the saved version.
 */
export function SampleVerdict({ versionId, document }: { versionId: string; document: PolicyDocumentInput | null }) {
  const t = useT(T);
  const [orderNumber, setOrderNumber] = useState('');
  const [order, setOrder] = useState<{ id: string; titles: Map<string, string> } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function find() {
    setError(null);
    try {
      const found = await api<OrderPage>('GET', `/orders${query({ q: orderNumber.trim(), limit: 1 })}`);
      const first = found.items[0];
      if (!first) throw new Error(t.notFound);
      const detail = await api<OrderDetail>('GET', `/orders/${first.id}`);
      setOrder({ id: first.id, titles: new Map(detail.lines.map((l) => [l.id, l.title])) });
    } catch (err) {
      setOrder(null);
      setVerdict(null);
      setError(problemText(err));
    }
  }
  const { verdict, setVerdict, busy } = useVerdictOf(order, document, versionId, setError);

  return (
    <section className="card" aria-labelledby="sample-title">
      <h2 id="sample-title">{t.sample}</h2>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label>
          <span>{t.orderNumber}</span>
          <input required value={orderNumber} onChange={(e) => setOrderNumber(e.target.value)} />
        </label>
        <button type="submit">{t.check}</button>
      </form>
      {document && <p className="muted">{t.live}</p>}
      {error && <ErrorBox message={error} />}
      <div aria-live="polite" aria-busy={busy} data-testid="sample-verdict">
        {busy && <p className="muted">{t.working}</p>}
        {verdict && order && <VerdictView verdict={verdict} titles={order.titles} unsaved={document !== null} />}
      </div>
    </section>
  );
}
