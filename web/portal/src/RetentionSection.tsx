import { useEffect, useState } from 'react';
import type { PublicRetention } from '../../../src/http/routes/privacy/retention/schema.js';
import { api } from './api.js';
import type { Locale } from './i18n.js';
import { retentionText } from './retentionTexts.js';

const KINDS = ['photoDays', 'emailDays', 'personalDays'] as const;

/** The policy page's statement of how long the shop keeps photos, e-mails and a return's personal
 * data: only the periods the shop set; nothing while they load or when none is set. */
export function RetentionSection({ locale }: { locale: Locale }) {
  const [periods, setPeriods] = useState<PublicRetention | null>(null);
  useEffect(() => {
    api<PublicRetention>('GET', '/public/retention').then(setPeriods, () => setPeriods(null));
  }, []);
  const set = periods ? KINDS.filter((k) => periods[k] !== null) : [];
  if (!periods || set.length === 0) return null;
  return (
    <section aria-labelledby="retention-title" data-testid="policy-retention">
      <h3 id="retention-title">{retentionText(locale, 'title')}</h3>
      <ul>
        {set.map((k) => (
          <li key={k}>{retentionText(locale, k, periods[k] ?? undefined)}</li>
        ))}
      </ul>
      <p>{retentionText(locale, 'bookkeeping')}</p>
    </section>
  );
}
