import type { ReturnView } from './api.js';
import { dt } from './defectTexts.js';
import type { Locale } from './i18n.js';

/** Where each repair under the legal guarantee stands, in the shopper's words: waiting for the
 * item, being repaired, sent back (with its tracking number), or not repairable and what comes
 * instead. */
export function RepairStatus({ locale, view }: { locale: Locale; view: Pick<ReturnView, 'repairs' | 'lines'> }) {
  const repairs = view.repairs ?? [];
  if (repairs.length === 0) return null;
  return (
    <div className="next" data-testid="repairs">
      <h3>{dt(locale, 'repairTitle')}</h3>
      <ul className="plain">
        {repairs.map((r) => {
          const item = view.lines.find((l) => l.id === r.returnLineId)?.title ?? '';
          const key =
            r.status === 'unrepairable'
              ? r.fallback === 'refund'
                ? 'repair.unrepairable.refund'
                : 'repair.unrepairable.replacement'
              : (`repair.${r.status}` as 'repair.in_repair');
          return (
            <li key={r.id} data-status={r.status}>
              <strong>{item}</strong>: {dt(locale, key)}
              {r.status === 'shipped_back' && r.trackingNumber && (
                <>
                  {' '}
                  {dt(locale, 'trackingNumber')}: {r.trackingNumber}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
