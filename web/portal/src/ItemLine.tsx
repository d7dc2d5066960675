import type { LineVerdict, OrderLine, Reason } from './api.js';
import { ChoiceForm } from './ChoiceForm.js';
import { dt, guaranteeRuns } from './defectTexts.js';
import { ItemImage } from './ItemImage.js';
import { type Locale, longDate, money, t } from './i18n.js';
import type { LineChoices } from './useLineChoices.js';

/** One line of the order: why it cannot come back, or the choice to send it back and how. */
export function ItemLine({
  locale,
  line,
  currency,
  reasons,
  tried,
  lines,
  onDefect,
}: {
  locale: Locale;
  line: OrderLine;
  currency: string;
  reasons: Reason[];
  tried: boolean;
  lines: LineChoices;
  onDefect: (orderLineId: string) => void;
}) {
  const verdict = lines.verdictOf(line.id);
  const choice = lines.choices[line.id];
  // A refused line says why; a returnable one what to know (the deadline is shown apart).
  const explanations =
    verdict?.reasons.filter((r) => (verdict.eligible ? r.code !== 'RETURN_WINDOW' : r.severity === 'refusal')) ?? [];
  return (
    <li className={verdict?.eligible ? 'line' : 'line refused'} data-line={line.sku}>
      <div className="line-head">
        <span className="line-item">
          <ItemImage locale={locale} image={line.image} />
          <strong>{line.title}</strong>
        </span>
        <span>{money(locale, line.paidAmount, currency)}</span>
      </div>
      {explanations.map((r) => (
        <p key={r.code} className={verdict?.eligible ? 'hint' : 'why'}>
          {r.message}
        </p>
      ))}
      {verdict && verdict.returnableQuantity > 0 && guaranteeRuns(verdict.guaranteeEnds) && (
        <DefectEntry locale={locale} verdict={verdict} onDefect={() => onDefect(line.id)} />
      )}
      {verdict?.eligible && (
        <>
          {verdict.deadline && (
            <p className="hint">
              {t(locale, 'until')} {longDate(locale, verdict.deadline)}
            </p>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={choice?.selected ?? false}
              onChange={(e) => lines.update(line.id, { selected: e.target.checked })}
            />
            <span>{t(locale, 'returnThis')}</span>
          </label>
          {choice?.selected && (
            <ChoiceForm
              locale={locale}
              reasons={reasons}
              verdict={verdict}
              choice={choice}
              currency={currency}
              tried={tried}
              lines={lines}
            />
          )}
        </>
      )}
    </li>
  );
}

/** A line past its window is not the end: a defect is the shop's to put right for two years. */
function DefectEntry({ locale, verdict, onDefect }: { locale: Locale; verdict: LineVerdict; onDefect: () => void }) {
  return (
    <div className="defect-entry">
      {!verdict.eligible && (
        <p className="hint">{dt(locale, 'defectOffer', { date: longDate(locale, verdict.guaranteeEnds ?? '') })}</p>
      )}
      <button type="button" className="secondary small" onClick={onDefect}>
        {dt(locale, 'reportDefect')}
      </button>
    </div>
  );
}
