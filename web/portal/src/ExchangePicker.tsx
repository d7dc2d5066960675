import { useEffect, useId, useState } from 'react';
import { api, type ExchangeOptions, type ExchangeVariant } from './api.js';
import { type Locale, money, t } from './i18n.js';

/** What to get instead of the item: other sizes and colours first, then other products, only
 * what is in stock, each with the price difference for the quantity sent back. */
export function ExchangePicker({
  locale,
  orderLineId,
  quantity,
  currency,
  value,
  onChange,
}: {
  locale: Locale;
  orderLineId: string;
  quantity: number;
  currency: string;
  value: string | null;
  onChange: (variant: ExchangeVariant | null) => void;
}) {
  const id = useId();
  const [options, setOptions] = useState<ExchangeOptions | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api<ExchangeOptions>('GET', `/shopper/exchange-options?orderLineId=${encodeURIComponent(orderLineId)}`).then(setOptions, () =>
      setFailed(true),
    );
  }, [orderLineId]);

  if (failed) return <p className="error">{t(locale, 'failed')}</p>;
  if (!options) return <p role="status">{t(locale, 'loading')}</p>;
  const all = [...options.sameProduct, ...options.otherProducts.flatMap((p) => p.variants)];
  if (all.length === 0)
    return (
      <p className="notice" role="status">
        {t(locale, 'noStock')}
      </p>
    );

  const difference = (v: ExchangeVariant) => {
    const diff = (v.unitPrice - options.paidPerUnit) * quantity;
    if (diff === 0) return t(locale, 'samePrice');
    const amount = money(locale, Math.abs(diff), currency);
    return t(locale, diff > 0 ? 'payDifference' : 'getDifference', { amount });
  };
  const optionText = (v: ExchangeVariant, withProduct: boolean) => {
    const options = Object.values(v.options).join(' / ');
    const name = withProduct ? `${v.productTitle}${options ? ` — ${options}` : ''}` : options || v.title;
    return `${name} (${difference(v)})`;
  };

  return (
    <label htmlFor={id}>
      <span>{t(locale, 'exchangeFor')}</span>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(all.find((v) => v.variantId === e.target.value) ?? null)}>
        <option value="">{t(locale, 'chooseVariant')}</option>
        {options.sameProduct.length > 0 && (
          <optgroup label={t(locale, 'sameProduct')}>
            {options.sameProduct.map((v) => (
              <option key={v.variantId} value={v.variantId}>
                {optionText(v, false)}
              </option>
            ))}
          </optgroup>
        )}
        {options.otherProducts.length > 0 && (
          <optgroup label={t(locale, 'otherProduct')}>
            {options.otherProducts.flatMap((p) =>
              p.variants.map((v) => (
                <option key={v.variantId} value={v.variantId}>
                  {optionText(v, true)}
                </option>
              )),
            )}
          </optgroup>
        )}
      </select>
    </label>
  );
}
