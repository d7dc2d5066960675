import type { PricedEvaluation } from './api.js';
import { type Locale, money, t } from './i18n.js';

/** Every cost and what comes back, as the settlement will pay it. */
export function SummaryTotals({ locale, evaluation }: { locale: Locale; evaluation: PricedEvaluation }) {
  const currency = evaluation.currency;
  const totals = evaluation.totals;
  const diff = evaluation.exchangeDifference ?? 0;
  const amount = (value: number) => money(locale, value, currency);
  return (
    <dl className="totals">
      <dt>{t(locale, 'itemsValue')}</dt>
      <dd>{amount(totals.value)}</dd>
      {totals.restockingFees > 0 && (
        <>
          <dt>{t(locale, 'restockingFees')}</dt>
          <dd>− {amount(totals.restockingFees)}</dd>
        </>
      )}
      <dt>{t(locale, 'shippingFee')}</dt>
      <dd>{totals.returnShippingFee > 0 ? `− ${amount(totals.returnShippingFee)}` : t(locale, 'free')}</dd>
      {totals.deliveryRefund > 0 && (
        <>
          <dt>{t(locale, 'money.deliveryRefund')}</dt>
          <dd data-testid="delivery-refund">+ {amount(totals.deliveryRefund)}</dd>
        </>
      )}
      {totals.bonus > 0 && (
        <>
          <dt>{t(locale, 'bonusTotal')}</dt>
          <dd>+ {amount(totals.bonus)}</dd>
        </>
      )}
      {(evaluation.exchanges ?? []).map((e) => (
        <div key={e.orderLineId} className="row" data-testid="exchange-row">
          <dt>{t(locale, 'exchangeLine', { item: e.title })}</dt>
          <dd>
            {e.difference === 0 ? t(locale, 'samePrice') : `${e.difference > 0 ? '+' : '−'} ${amount(Math.abs(e.difference))}`}
          </dd>
        </div>
      ))}
      {totals.refund > 0 && (
        <>
          <dt>{t(locale, 'refundTotal')}</dt>
          <dd className="sum" data-testid="refund-total">
            {amount(totals.refund)}
          </dd>
        </>
      )}
      {totals.storeCredit > 0 && (
        <>
          <dt>{t(locale, 'creditTotal')}</dt>
          <dd className="sum">{amount(totals.storeCredit)}</dd>
        </>
      )}
      {diff !== 0 && (
        <>
          <dt>{t(locale, diff > 0 ? 'exchangePay' : 'exchangeBack')}</dt>
          <dd className="sum" data-testid="exchange-difference">
            {amount(Math.abs(diff))}
          </dd>
        </>
      )}
    </dl>
  );
}
