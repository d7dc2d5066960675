import { isOneOf } from '../../../src/domain/oneOf.js';
import { RESOLUTIONS } from '../../../src/domain/returnLine.js';
import type { LineVerdict } from './api.js';
import { ItemImage } from './ItemImage.js';
import { type Locale, money, resolutionName, t } from './i18n.js';

/** Every line of a return with what the shopper gets for it, so a mixed return reads line by line
 * (a refund here, credit there, an exchange with the value of the item it replaces). */
export function ReturnLines({
  locale,
  currency,
  lines,
}: {
  locale: Locale;
  currency: string;
  lines: {
    key: string;
    title: string;
    image?: { url: string; alt: string } | null;
    quantity: number;
    resolution: string;
    /** The new item of an exchange. */
    exchangeFor?: string | null;
    /** What the line is worth to the shopper: money or credit after fees and bonus, or the value of an exchanged item. */
    part?: number | null;
    /** The exchange bonus an exchanged item adds towards the new one. */
    bonus?: number | null;
    rejected?: boolean;
  }[];
}) {
  return (
    <ul className="plain return-lines" data-testid="return-lines">
      {lines.map((l) => {
        const what = l.rejected
          ? t(locale, 'lineRejected')
          : l.resolution === 'exchange' && l.exchangeFor
            ? t(locale, 'exchangeLine', { item: l.exchangeFor })
            : resolutionName(locale, l.resolution);
        return (
          <li key={l.key} data-resolution={l.resolution} className="line-item">
            {l.image !== undefined && <ItemImage locale={locale} image={l.image} size={40} />}
            <span>
              {`${l.quantity} × ${l.title} — ${what}`}
              {l.part != null && !l.rejected && (
                <>
                  {' '}
                  <span className="part">
                    {l.resolution !== 'exchange'
                      ? `(${money(locale, l.part, currency)})`
                      : l.bonus
                        ? `(${t(locale, 'exchangeValueBonus', { amount: money(locale, l.part, currency), bonus: money(locale, l.bonus, currency) })})`
                        : `(${t(locale, 'exchangeValue', { amount: money(locale, l.part, currency) })})`}
                  </span>
                </>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** A line's part in a summary, from the policy's verdict on it: what comes back after the
 * restocking fee (plus the bonus for the resolution), or for an exchange the value of the item. */
export function linePart(verdict: LineVerdict | undefined, resolution: string): number | null {
  if (!verdict?.eligible) return null;
  if (resolution === 'exchange') return verdict.value;
  const bonus = isOneOf(RESOLUTIONS, resolution) ? (verdict.bonus[resolution] ?? 0) : 0;
  return verdict.value - verdict.restockingFee + bonus;
}
