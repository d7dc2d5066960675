import { type CSSProperties, useEffect, useState } from 'react';
import { api, type Shop, setToken } from './api.js';
import { brandVariables } from './brand.js';
import { detectLocale, type Locale, t } from './i18n.js';
import { type Page, PageFooter, PageHeader } from './PageFrame.js';
import { PolicyPage } from './PolicyPage.js';
import { ReturnFlow } from './ReturnFlow.js';
import { StatusView } from './StatusView.js';
import { WithdrawalFormPage } from './WithdrawalFormPage.js';

/** Pages with their own address, so the shop can link to them from its footer, checkout and
 * e-mails: the policy, the model withdrawal form, and a return's status (its token in the
 * fragment, which browsers never send to a server or in a Referer). */
function pageOf(path: string): Page {
  const last = path.replace(/\/$/, '').split('/').pop();
  return last === 'policy' ? 'policy' : last === 'withdrawal-form' ? 'withdrawal-form' : last === 'status' ? 'status' : 'flow';
}

/** The portal: the shop's frame around the return flow or one of the pages with their own address. */
export function App() {
  const [shop, setShop] = useState<Shop | null>(null);
  const [locale, setLocale] = useState<Locale>(() => detectLocale(navigator.languages ?? [navigator.language]));
  const [page] = useState<Page>(() => {
    const p = pageOf(window.location.pathname);
    if (p === 'status') setToken(window.location.hash.slice(1) || null);
    return p;
  });
  useEffect(() => {
    api<Shop>('GET', '/shopper/shop').then(setShop, () => {});
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = shop ? `${t(locale, 'title')} · ${shop.name}` : t(locale, 'title');
  }, [locale, shop]);

  return (
    <div className="page" style={brandVariables(shop?.brandColor ?? null) as CSSProperties}>
      <PageHeader shop={shop} locale={locale} onLocale={setLocale} />
      <main>
        {page === 'policy' && <PolicyPage locale={locale} />}
        {page === 'withdrawal-form' && (
          <WithdrawalFormPage
            locale={locale}
            shop={{ name: shop?.name ?? '', returnAddress: shop?.returnAddress ?? null, email: shop?.supportEmail ?? null }}
          />
        )}
        {page === 'status' && <StatusView locale={locale} />}
        {page === 'flow' && <ReturnFlow locale={locale} shop={shop} />}
      </main>
      <PageFooter shop={shop} locale={locale} page={page} />
    </div>
  );
}
