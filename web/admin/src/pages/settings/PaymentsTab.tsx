import { type FormEvent, useState } from 'react';
import { ACCOUNT_KEYS } from '../../../../../src/domain/journal.js';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import type { AccountCodes, PaymentProvider, PaymentProviderList } from '../../types.js';
import { SaveFooter } from '../../ui/FormActions.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    providers: 'Payment providers',
    providersHint:
      'Refunds and payment links go through the provider an order was paid with. Keys are stored encrypted and never shown again.',
    configured: 'Set up',
    notConfigured: 'Not set up',
    on: 'on',
    off: 'off',
    key: 'API key',
    keyHint: 'Stored key ends in',
    newKey: 'New API key (leave empty to keep the stored one)',
    enabled: 'Use this provider',
    save: 'Save',
    saved: 'Saved.',
    updated: 'Changed',
    accounts: 'Ledger accounts for the finance journal',
    salesReturns: 'Sales returns',
    sales: 'Sales',
    mollie: 'Mollie balance',
    stripe: 'Stripe balance',
    sandbox: 'Sandbox (demo refunds, no money moves)',
    shopify: 'Shopify (refunds of orders paid on Shopify)',
    woocommerce: 'WooCommerce (refunds through its payment gateways)',
    bank: 'Bank (transfers)',
    storeCredit: 'Store credit liability',
    storeCreditBonus: 'Store credit bonus (expense)',
    goodwill: 'Goodwill (expense)',
    breakage: 'Expired credit (breakage)',
    sandboxProvider: 'Sandbox (test: refunds succeed at once, no money moves; API key: sandbox_test)',
  },
  nl: {
    providers: 'Betaalproviders',
    providersHint:
      'Terugbetalingen en betaallinks lopen via de provider waarmee een order betaald is. Sleutels worden versleuteld bewaard en nooit meer getoond.',
    configured: 'Ingesteld',
    notConfigured: 'Niet ingesteld',
    on: 'aan',
    off: 'uit',
    key: 'API-sleutel',
    keyHint: 'Bewaarde sleutel eindigt op',
    newKey: 'Nieuwe API-sleutel (leeg laten om de bewaarde te houden)',
    enabled: 'Deze provider gebruiken',
    save: 'Opslaan',
    saved: 'Opgeslagen.',
    updated: 'Gewijzigd',
    accounts: 'Grootboekrekeningen voor het financiële journaal',
    salesReturns: 'Retouren omzet',
    sales: 'Omzet',
    mollie: 'Mollie-saldo',
    stripe: 'Stripe-saldo',
    sandbox: 'Sandbox (demoterugbetalingen, er gaat geen geld over)',
    shopify: 'Shopify (terugbetalingen van orders betaald in Shopify)',
    woocommerce: 'WooCommerce (terugbetalingen via zijn betaalmethoden)',
    bank: 'Bank (overboekingen)',
    storeCredit: 'Verplichting tegoed',
    storeCreditBonus: 'Bonus op tegoed (kosten)',
    goodwill: 'Coulance (kosten)',
    breakage: 'Vervallen tegoed',
    sandboxProvider: 'Sandbox (test: terugbetalingen lukken meteen, er gaat geen geld over; API-sleutel: sandbox_test)',
  },
});

/** Where money goes through: the providers' keys, and the ledger accounts the journal books on. */
export function PaymentsTab() {
  const t = useT(T);
  const providers = useLoad(() => api<PaymentProviderList>('GET', '/payment-providers'), []);
  const accounts = useLoad(() => api<AccountCodes>('GET', '/settings/finance-accounts'), []);
  return (
    <>
      <section className="card" aria-labelledby="providers-title">
        <h2 id="providers-title">{t.providers}</h2>
        <p className="muted">{t.providersHint}</p>
        <Loaded state={providers}>
          {(list) => (
            <>
              {list.items.map((p) => (
                <ProviderForm key={p.provider} p={p} onSaved={providers.reload} />
              ))}
            </>
          )}
        </Loaded>
      </section>
      <Loaded state={accounts}>{(a) => <AccountsForm accounts={a} onSaved={accounts.reload} />}</Loaded>
    </>
  );
}

function ProviderForm({ p, onSaved }: { p: PaymentProvider; onSaved: () => void }) {
  const t = useT(T);
  const lang = useLang();
  const action = useAction();
  const [apiKey, setApiKey] = useState('');
  const [enabled, setEnabled] = useState(p.configured ? p.enabled : true);
  const [saved, setSaved] = useState(false);
  const name = p.provider === 'mollie' ? 'Mollie' : p.provider === 'stripe' ? 'Stripe' : t.sandboxProvider;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (await action.run(() => api('PUT', `/payment-providers/${p.provider}`, { ...(apiKey ? { apiKey } : {}), enabled }))) {
      setApiKey('');
      setSaved(true);
      onSaved();
    }
  }
  return (
    <form onSubmit={submit} aria-label={name}>
      <h3>
        {name} ·{' '}
        <span className={p.configured && p.enabled ? 'badge good' : 'badge'}>
          {p.configured ? `${t.configured} (${p.enabled ? t.on : t.off})` : t.notConfigured}
        </span>
      </h3>
      {p.keyHint && (
        <p className="muted">
          {t.keyHint} {p.keyHint}
          {p.updatedAt ? ` · ${t.updated} ${dateTime(p.updatedAt, lang)}` : ''}
        </p>
      )}
      <label>
        <span>{p.configured ? t.newKey : t.key}</span>
        <input
          type="password"
          autoComplete="off"
          required={!p.configured}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </label>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>{t.enabled}</span>
      </label>
      <SaveFooter busy={action.busy} error={action.error} saved={saved} primary={false} texts={t} />
    </form>
  );
}

function AccountsForm({ accounts, onSaved }: { accounts: AccountCodes; onSaved: () => void }) {
  const t = useT(T);
  const me = useMe();
  const editable = can(me.role, 'settings.manage');
  const action = useAction();
  const [form, setForm] = useState(accounts);
  const [saved, setSaved] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (await action.run(() => api('PUT', '/settings/finance-accounts', form))) {
      setSaved(true);
      onSaved();
    }
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t.accounts}</h2>
      <fieldset disabled={!editable} className="field-grid">
        {ACCOUNT_KEYS.map((k) => (
          <label key={k}>
            <span>{t[k]}</span>
            <input required maxLength={32} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
          </label>
        ))}
      </fieldset>
      <SaveFooter busy={action.busy} error={action.error} saved={saved} editable={editable} texts={t} />
    </form>
  );
}
