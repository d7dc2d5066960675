import type { CreatedReturn } from './api.js';
import { type Locale, t } from './i18n.js';

export function DoneStep({ locale, created }: { locale: Locale; created: CreatedReturn }) {
  return (
    <section className="card" aria-labelledby="done-title">
      <h2 id="done-title">{t(locale, 'done')}</h2>
      <p>
        {t(locale, 'returnNumber')}: <strong data-testid="return-number">{created.number}</strong>
      </p>
      <p role="status">{t(locale, created.status === 'approved' ? 'statusApproved' : 'statusReview')}</p>
    </section>
  );
}
