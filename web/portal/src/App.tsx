import { type CSSProperties, useEffect, useState } from 'react';
import { api, type CreatedReturn, type Evaluation, type Order, type Reason, type Shop, setToken } from './api.js';
import { brandVariables } from './brand.js';
import { DefectStep } from './DefectStep.js';
import { type Choice, ItemsStep } from './ItemsStep.js';
import { detectLocale, LOCALES, type Locale, t } from './i18n.js';
import { LookupStep } from './LookupStep.js';
import { PolicyPage } from './PolicyPage.js';
import { StatusView } from './StatusView.js';
import { SummaryStep } from './SummaryStep.js';
import { WithdrawalFormPage } from './WithdrawalFormPage.js';
import { WithdrawStep } from './WithdrawStep.js';

export interface Found {
  order: Order;
  reasons: Reason[];
  evaluation: Evaluation;
}

type Step =
  | { name: 'lookup' }
  | { name: 'items'; found: Found }
  | { name: 'withdraw'; found: Found }
  | { name: 'defect'; found: Found; orderLineId: string }
  | { name: 'summary'; found: Found; choices: Choice[] }
  | { name: 'done'; created: CreatedReturn };

type Page = 'flow' | 'policy' | 'withdrawal-form' | 'status';

const LANGUAGE_NAMES: Record<Locale, string> = { nl: 'Nederlands', en: 'English', de: 'Deutsch', fr: 'Français' };

/** Pages with their own address, so the shop can link to them from its footer, checkout and
 * e-mails: the policy, the model withdrawal form, and a return's status (its token in the
 * fragment, which browsers never send to a server or in a Referer). */
function pageOf(path: string): Page {
  const last = path.replace(/\/$/, '').split('/').pop();
  return last === 'policy' ? 'policy' : last === 'withdrawal-form' ? 'withdrawal-form' : last === 'status' ? 'status' : 'flow';
}

/** The shopper's way through a return: find the order, choose, see every cost, confirm, follow. */
export function App() {
  const [shop, setShop] = useState<Shop | null>(null);
  const [locale, setLocale] = useState<Locale>(() => detectLocale(navigator.languages ?? [navigator.language]));
  const [step, setStep] = useState<Step>({ name: 'lookup' });
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
  // The shop offers some languages; the portal speaks those of its four.
  const offered = LOCALES.filter((l) => !shop || shop.locales.includes(l));

  return (
    <div className="page" style={brandVariables(shop?.brandColor ?? null) as CSSProperties}>
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
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {offered.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        {page === 'policy' && <PolicyPage locale={locale} />}
        {page === 'withdrawal-form' && (
          <WithdrawalFormPage
            locale={locale}
            shop={{ name: shop?.name ?? '', returnAddress: shop?.returnAddress ?? null, email: shop?.supportEmail ?? null }}
          />
        )}
        {page === 'status' && <StatusView locale={locale} />}
        {page === 'flow' && step.name === 'lookup' && (
          <LookupStep locale={locale} onFound={(found) => setStep({ name: 'items', found })} />
        )}
        {page === 'flow' && step.name === 'items' && (
          <ItemsStep
            locale={locale}
            found={step.found}
            onBack={() => setStep({ name: 'lookup' })}
            onNext={(choices) => setStep({ name: 'summary', found: step.found, choices })}
            onWithdraw={() => setStep({ name: 'withdraw', found: step.found })}
            onDefect={(orderLineId) => setStep({ name: 'defect', found: step.found, orderLineId })}
          />
        )}
        {page === 'flow' && step.name === 'defect' && (
          <DefectStep
            locale={locale}
            found={step.found}
            orderLineId={step.orderLineId}
            onBack={() => setStep({ name: 'items', found: step.found })}
            onDone={(created) => setStep({ name: 'done', created })}
          />
        )}
        {page === 'flow' && step.name === 'withdraw' && (
          <WithdrawStep
            locale={locale}
            found={step.found}
            onBack={() => setStep({ name: 'items', found: step.found })}
            onDone={(created) => setStep({ name: 'done', created })}
          />
        )}
        {page === 'flow' && step.name === 'summary' && (
          <SummaryStep
            locale={locale}
            shop={shop}
            choices={step.choices}
            onBack={() => setStep({ name: 'items', found: step.found })}
            onDone={(created) => setStep({ name: 'done', created })}
          />
        )}
        {page === 'flow' && step.name === 'done' && (
          <StatusView locale={locale} returnId={step.created.returnId} withdrawal={step.created.withdrawal} />
        )}
      </main>
      <footer className="foot">
        <nav aria-label={t(locale, 'policyLink')}>
          {page !== 'flow' && <a href="/returns/">{t(locale, 'title')}</a>}
          {page !== 'policy' && <a href="/returns/policy">{t(locale, 'policyLink')}</a>}
          {page !== 'withdrawal-form' && <a href="/returns/withdrawal-form">{t(locale, 'withdrawalFormLink')}</a>}
        </nav>
        {shop?.supportEmail && <a href={`mailto:${shop.supportEmail}`}>{shop.supportEmail}</a>}
      </footer>
    </div>
  );
}
