import type { Shop } from './api.js';
import { LOCALES, type Locale, t } from './i18n.js';

export type Page = 'flow' | 'policy' | 'withdrawal-form' | 'status';

const LANGUAGE_NAMES: Record<Locale, string> = { nl: 'Nederlands', en: 'English', de: 'Deutsch', fr: 'Français' };

/** The shop's logo or name, the portal's title and the language the shopper reads it in. */
export function PageHeader({
  shop,
  locale,
  onLocale,
}: {
  shop: Shop | null;
  locale: Locale;
  onLocale: (locale: Locale) => void;
}) {
  // The shop offers some languages; the portal speaks those of its four.
  const offered = LOCALES.filter((l) => !shop || shop.locales.includes(l));
  return (
    <header className="bar">
      <div className="brand">
        {shop?.logoUrl && <img src={shop.logoUrl} alt={shop.name} className="logo" height={32} />}
        <div>
          {shop && !shop.logoUrl && <p className="shop-name">{shop.name}</p>}
          <h1>{t(locale, 'title')}</h1>
        </div>
      </div>
      <label className="language">
        <span>{t(locale, 'language')}</span>
        <select value={locale} onChange={(e) => onLocale(e.target.value as Locale)}>
          {offered.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}

/** Links to the portal's other pages and the shop's support address. */
export function PageFooter({ shop, locale, page }: { shop: Shop | null; locale: Locale; page: Page }) {
  return (
    <footer className="foot">
      <nav aria-label={t(locale, 'policyLink')}>
        {page !== 'flow' && <a href="/returns/">{t(locale, 'title')}</a>}
        {page !== 'policy' && <a href="/returns/policy">{t(locale, 'policyLink')}</a>}
        {page !== 'withdrawal-form' && <a href="/returns/withdrawal-form">{t(locale, 'withdrawalFormLink')}</a>}
      </nav>
      {shop?.supportEmail && <a href={`mailto:${shop.supportEmail}`}>{shop.supportEmail}</a>}
    </footer>
  );
}
