import { useEffect, useState } from 'react';
import { SHOPPER_RESOLUTIONS } from '../../../src/domain/policy/vocabulary.js';
import type { PublicPolicy } from '../../../src/http/routes/policy/policies/schema.js';
import { api } from './api.js';
import { type Locale, money, resolutionsInSentence, t } from './i18n.js';
import { methodWords } from './MethodChoice.js';
import { RetentionSection } from './RetentionSection.js';

/** The shop's returns policy, generated from the policy in force (linkable as /returns/policy). */
export function PolicyPage({ locale }: { locale: Locale }) {
  const [policy, setPolicy] = useState<PublicPolicy | null>(null);
  const [failed, setFailed] = useState(false);
  // The shop's own rules are written per language: ask again when the shopper changes it.
  useEffect(() => {
    api<PublicPolicy>('GET', `/public/policy?locale=${locale}`).then(setPolicy, () => setFailed(true));
  }, [locale]);
  if (!policy)
    return (
      <section className="card" aria-busy={!failed}>
        <p role="status">{t(locale, failed ? 'failed' : 'loading')}</p>
      </section>
    );
  // The server fills the bonus's defaults in; the wire type still reads them as optional.
  const bonusPercent = policy.bonus?.percent ?? 0;
  const bonusFor = policy.bonus?.for ?? [];
  const shown = policy.resolutions.filter((r) => (SHOPPER_RESOLUTIONS as readonly string[]).includes(r));
  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title">
        {t(locale, 'policyLink')} — {policy.shopName}
      </h2>
      <p>
        {t(locale, policy.window.from === 'order' ? 'policyWindowOrder' : 'policyWindowDelivery', { days: policy.window.days })}
      </p>
      <p>{t(locale, 'policyResolutions')}</p>
      <ul>
        {shown.map((r) => (
          <li key={r}>{t(locale, r as 'refund')}</li>
        ))}
      </ul>
      {bonusPercent > 0 && bonusFor.length > 0 && (
        <p data-testid="policy-bonus">
          {t(locale, 'policyBonus', {
            percent: bonusPercent,
            resolutions: resolutionsInSentence(locale, bonusFor),
          })}
        </p>
      )}
      <p>{t(locale, 'policyMethods')}</p>
      <ul data-testid="policy-methods">
        {policy.methods.map((m) => (
          <li key={m.method}>
            {methodWords(locale, m.method).name} — {m.fee > 0 ? money(locale, m.fee, policy.currency) : t(locale, 'free')}
          </li>
        ))}
      </ul>
      {policy.feeWaivers?.controllableReasons && <p>{t(locale, 'policyWaivedFault')}</p>}
      {policy.rules.length > 0 && (
        <>
          <h3>{t(locale, 'policyRules')}</h3>
          <ul data-testid="policy-rules">
            {policy.rules.map((r) => (
              <li key={r.name}>
                {r.name}
                {r.description ? `: ${r.description}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{t(locale, 'policyLaw')}</p>
      <p>{t(locale, 'policyGuarantee')}</p>
      <RetentionSection locale={locale} />
    </section>
  );
}
