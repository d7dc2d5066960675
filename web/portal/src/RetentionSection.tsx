import { useEffect, useState } from 'react';
import type { PublicRetention } from '../../../src/http/routes/privacy/retention/schema.js';
import { api } from './api.js';
import type { Locale } from './i18n.js';
import { RETENTION_KINDS, retentionLine, retentionText } from './retentionTexts.js';

/** The policy page's statement of how long the shop keeps what it holds of the shopper: all four
 * periods, a kind without one as kept until the shopper asks for erasure, and what no period
 * covers. Nothing while the periods load (or could not be read): the page says no more than it knows. */
export function RetentionSection({ locale }: { locale: Locale }) {
  const [periods, setPeriods] = useState<PublicRetention | null>(null);
  useEffect(() => {
    api<PublicRetention>('GET', '/public/retention').then(setPeriods, () => setPeriods(null));
  }, []);
  if (!periods) return null;
  return (
    <section aria-labelledby="retention-title" data-testid="policy-retention">
      <h3 id="retention-title">{retentionText(locale, 'title')}</h3>
      <ul>
        {RETENTION_KINDS.map((k) => (
          <li key={k}>{retentionLine(locale, k, periods[k])}</li>
        ))}
      </ul>
      <p>{retentionText(locale, 'contact')}</p>
      <p>{retentionText(locale, 'bookkeeping')}</p>
    </section>
  );
}
