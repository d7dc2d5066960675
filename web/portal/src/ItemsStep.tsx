import { useState } from 'react';
import { Alert } from './Alert.js';
import type { Choice, Found } from './flow.js';
import { ItemLine } from './ItemLine.js';
import { type Locale, t } from './i18n.js';
import { useLineChoices } from './useLineChoices.js';

/** Every line of the order: the ones that can come back get a quantity, a reason and a resolution
 * the policy allows; the others say why not, in the shopper's words. */
export function ItemsStep({
  locale,
  found,
  onBack,
  onNext,
  onWithdraw,
  onDefect,
}: {
  locale: Locale;
  found: Found;
  onBack: () => void;
  onNext: (choices: Choice[]) => void;
  onWithdraw: () => void;
  /** Report a defect on a line under the legal guarantee. */
  onDefect: (orderLineId: string) => void;
}) {
  const lines = useLineChoices(locale, found);
  const [tried, setTried] = useState(false);
  const { evaluation, selected, complete } = lines;
  const anyEligible = evaluation.lines.some((l) => l.eligible);

  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">{t(locale, 'chooseItems')}</h2>
      {!anyEligible && (
        <p className="notice" role="status">
          {t(locale, 'nothingReturnable')}
        </p>
      )}
      <ul className="lines">
        {found.order.lines.map((line) => (
          <ItemLine
            key={line.id}
            locale={locale}
            line={line}
            currency={found.order.currency}
            reasons={found.reasons}
            tried={tried}
            lines={lines}
            onDefect={onDefect}
          />
        ))}
      </ul>
      <Alert message={tried && !complete && t(locale, 'pickOne')} />
      {evaluation.lines.some((l) => l.eligible && l.withinStatutoryPeriod && l.returnableQuantity > 0) && (
        <aside className="notice withdraw" aria-labelledby="withdraw-entry">
          <h3 id="withdraw-entry">{t(locale, 'withdrawTitle')}</h3>
          <p>{t(locale, 'withdrawIntro')}</p>
          <button type="button" className="secondary" onClick={onWithdraw}>
            {t(locale, 'withdrawHere')}
          </button>
        </aside>
      )}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack}>
          {t(locale, 'back')}
        </button>
        <button
          type="button"
          disabled={!anyEligible}
          onClick={() => {
            setTried(true);
            if (complete) onNext(selected.map(({ selected: _, ...c }) => c));
          }}
        >
          {t(locale, 'next')}
        </button>
      </div>
    </section>
  );
}
