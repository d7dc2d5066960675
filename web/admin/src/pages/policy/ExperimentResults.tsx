import { api } from '../../api.js';
import { money, percent, texts, useLang, useT } from '../../i18n.js';
import type { ArmOutcome, PolicyExperimentDetail } from '../../types.js';
import { Loaded } from '../../ui/States.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    caption: 'Outcomes per arm',
    measure: 'Measure',
    control: 'Control',
    variant: 'Variant',
    returns: 'Returns',
    lines: 'Lines',
    inReview: 'Lines sent to review',
    rejected: 'Lines rejected',
    cancelled: 'Returns cancelled',
    refund: 'Refund',
    store_credit: 'Store credit',
    exchange: 'Exchange',
    value: 'Value returned',
    restockingFees: 'Restocking fees',
    bonus: 'Bonus credit',
    empty: 'No returns in this experiment yet.',
  },
  nl: {
    caption: 'Uitkomsten per arm',
    measure: 'Maat',
    control: 'Controle',
    variant: 'Variant',
    returns: 'Retouren',
    lines: 'Regels',
    inReview: 'Regels ter beoordeling',
    rejected: 'Regels geweigerd',
    cancelled: 'Retouren geannuleerd',
    refund: 'Terugbetaling',
    store_credit: 'Winkeltegoed',
    exchange: 'Ruilen',
    value: 'Geretourneerde waarde',
    restockingFees: 'Herbevoorradingskosten',
    bonus: 'Bonustegoed',
    empty: 'Nog geen retouren in dit experiment.',
  },
});

/** Both arms of an experiment side by side, so the variant can be judged against the control. */
export function ExperimentResults({ experimentId }: { experimentId: string }) {
  const t = useT(T);
  const lang = useLang();
  const state = useLoad(() => api<PolicyExperimentDetail>('GET', `/policy-experiments/${experimentId}`), [experimentId]);
  const currency = useShopCurrency();
  // Arms are summed in the shop's currency.
  const eur = (n: number) => (currency ? money(Number(n), currency, lang) : '…');
  const rows: [string, (a: ArmOutcome) => string][] = [
    [t.returns, (a) => String(a.returns)],
    [t.lines, (a) => String(a.lines)],
    [t.inReview, (a) => String(a.inReview)],
    [t.rejected, (a) => String(a.rejected)],
    [t.cancelled, (a) => String(a.cancelledReturns)],
    [t.refund, (a) => percent(a.resolutionShare.refund / 100, lang)],
    [t.store_credit, (a) => percent(a.resolutionShare.store_credit / 100, lang)],
    [t.exchange, (a) => percent(a.resolutionShare.exchange / 100, lang)],
    [t.value, (a) => eur(a.value)],
    [t.restockingFees, (a) => eur(a.restockingFees)],
    [t.bonus, (a) => eur(a.bonus)],
  ];
  return (
    <Loaded state={state}>
      {({ results }) =>
        results.control.returns + results.variant.returns === 0 ? (
          <p className="muted">{t.empty}</p>
        ) : (
          <table className="grid">
            <caption>{t.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.measure}</th>
                <th scope="col">{t.control}</th>
                <th scope="col">{t.variant}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, cell]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{cell(results.control)}</td>
                  <td>{cell(results.variant)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </Loaded>
  );
}
