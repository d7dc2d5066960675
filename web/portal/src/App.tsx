import { useEffect, useState } from 'react';
import type { CreatedReturn, Evaluation, Order, Reason } from './api.js';
import { DoneStep } from './DoneStep.js';
import { type Choice, ItemsStep } from './ItemsStep.js';
import { detectLocale, LOCALES, type Locale, t } from './i18n.js';
import { LookupStep } from './LookupStep.js';
import { PolicyPage } from './PolicyPage.js';
import { SummaryStep } from './SummaryStep.js';
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
  | { name: 'summary'; found: Found; choices: Choice[] }
  | { name: 'done'; created: CreatedReturn };

const LANGUAGE_NAMES: Record<Locale, string> = { nl: 'Nederlands', en: 'English', de: 'Deutsch', fr: 'Français' };

/** The shopper's way through a return: find the order, choose, see every cost, confirm. */
export function App() {
  const [locale, setLocale] = useState<Locale>(() => detectLocale(navigator.languages ?? [navigator.language]));
  const [step, setStep] = useState<Step>({ name: 'lookup' });
  // The policy page has its own address so the shop can link to it from its footer and checkout.
  const policyPage = window.location.pathname.replace(/\/$/, '').endsWith('/policy');
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t(locale, 'title');
  }, [locale]);

  return (
    <div className="page">
      <header className="bar">
        <h1>{t(locale, 'title')}</h1>
        <label className="language">
          <span>{t(locale, 'language')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main>
        {policyPage && <PolicyPage locale={locale} />}
        {!policyPage && step.name === 'lookup' && (
          <LookupStep locale={locale} onFound={(found) => setStep({ name: 'items', found })} />
        )}
        {step.name === 'items' && (
          <ItemsStep
            locale={locale}
            found={step.found}
            onBack={() => setStep({ name: 'lookup' })}
            onNext={(choices) => setStep({ name: 'summary', found: step.found, choices })}
            onWithdraw={() => setStep({ name: 'withdraw', found: step.found })}
          />
        )}
        {step.name === 'withdraw' && (
          <WithdrawStep
            locale={locale}
            found={step.found}
            onBack={() => setStep({ name: 'items', found: step.found })}
            onDone={(created) => setStep({ name: 'done', created })}
          />
        )}
        {step.name === 'summary' && (
          <SummaryStep
            locale={locale}
            choices={step.choices}
            onBack={() => setStep({ name: 'items', found: step.found })}
            onDone={(created) => setStep({ name: 'done', created })}
          />
        )}
        {step.name === 'done' && <DoneStep locale={locale} created={step.created} />}
      </main>
      <footer className="foot">
        <a href={policyPage ? '/returns/' : '/returns/policy'}>{t(locale, policyPage ? 'title' : 'policyLink')}</a>
      </footer>
    </div>
  );
}
