import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    name: 'Shop name',
    logo: 'Logo (https:// address or /path)',
    color: 'Brand colour',
    support: 'Support e-mail',
    languages: 'Languages of the portal',
    defaultLocale: 'Default language',
    timezone: 'Time zone',
    shipBy: 'Days to ship a return after approval',
    address: 'Return address',
    line1: 'Street and number',
    postcode: 'Postcode',
    city: 'City',
    country: 'Country (ISO code)',
    money: 'Store credit and exchanges',
    creditDays: 'Days store credit stays valid (empty: no expiry)',
    surplus: 'When an exchange costs less, the difference goes back as',
    refund: 'a refund to the payment',
    store_credit: 'store credit',
    unreturned: 'When an instant exchange’s item is not back in time',
    charge: 'charge the shopper (payment link)',
    review: 'hold the return for review',
    save: 'Save',
    saved: 'Saved.',
  },
  nl: {
    name: 'Naam van de winkel',
    logo: 'Logo (https://-adres of /pad)',
    color: 'Huiskleur',
    support: 'E-mail klantenservice',
    languages: 'Talen van het portaal',
    defaultLocale: 'Standaardtaal',
    timezone: 'Tijdzone',
    shipBy: 'Dagen om een retour te versturen na goedkeuring',
    address: 'Retouradres',
    line1: 'Straat en nummer',
    postcode: 'Postcode',
    city: 'Plaats',
    country: 'Land (ISO-code)',
    money: 'Tegoed en ruilen',
    creditDays: 'Dagen dat tegoed geldig blijft (leeg: verloopt niet)',
    surplus: 'Is een ruil goedkoper, dan gaat het verschil terug als',
    refund: 'terugbetaling op de betaling',
    store_credit: 'tegoed',
    unreturned: 'Is het artikel van een directe ruil niet op tijd terug',
    charge: 'klant laten betalen (betaallink)',
    review: 'retour vasthouden ter beoordeling',
    save: 'Opslaan',
    saved: 'Opgeslagen.',
  },
});

const LOCALES = ['nl', 'en', 'de', 'fr'];

interface Shop {
  name: string;
  timezone: string;
  defaultLocale: string;
  locales: string[];
  shipByDays: number;
  storeCreditValidityDays: number | null;
  exchangeSurplus: 'refund' | 'store_credit';
  instantExchangeUnreturned: 'charge' | 'review';
  returnAddress: { line1: string; postcode: string; city: string; country: string } | null;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string | null;
}

export function ShopTab() {
  const state = useLoad(() => api<Shop>('GET', '/settings/shop'), []);
  return <Loaded state={state}>{(shop) => <ShopForm shop={shop} onSaved={state.reload} />}</Loaded>;
}

function ShopForm({ shop, onSaved }: { shop: Shop; onSaved: () => void }) {
  const t = useT(T);
  const me = useMe();
  const editable = can(me.role, 'settings.manage');
  const action = useAction();
  const [form, setForm] = useState({
    ...shop,
    logoUrl: shop.logoUrl ?? '',
    brandColor: shop.brandColor ?? '#1d4e5f',
    supportEmail: shop.supportEmail ?? '',
    creditDays: shop.storeCreditValidityDays === null ? '' : String(shop.storeCreditValidityDays),
    address: shop.returnAddress ?? { line1: '', postcode: '', city: '', country: 'NL' },
  });
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() =>
      api('PATCH', '/settings/shop', {
        name: form.name,
        timezone: form.timezone,
        defaultLocale: form.defaultLocale,
        locales: form.locales,
        shipByDays: Number(form.shipByDays),
        storeCreditValidityDays: form.creditDays === '' ? null : Number(form.creditDays),
        exchangeSurplus: form.exchangeSurplus,
        instantExchangeUnreturned: form.instantExchangeUnreturned,
        logoUrl: form.logoUrl || null,
        brandColor: form.brandColor || null,
        supportEmail: form.supportEmail || null,
        returnAddress: form.address.line1 ? form.address : null,
      }),
    );
    if (ok) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <form className="card" onSubmit={submit}>
      <fieldset disabled={!editable}>
        <label>
          <span>{t.name}</span>
          <input required value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          <span>{t.logo}</span>
          <input value={form.logoUrl} onChange={(e) => set({ logoUrl: e.target.value })} size={50} />
        </label>
        <label>
          <span>{t.color}</span>
          <input type="color" value={form.brandColor} onChange={(e) => set({ brandColor: e.target.value })} />
        </label>
        <label>
          <span>{t.support}</span>
          <input type="email" value={form.supportEmail} onChange={(e) => set({ supportEmail: e.target.value })} />
        </label>
        <fieldset>
          <legend>{t.languages}</legend>
          {LOCALES.map((l) => (
            <label className="check" key={l}>
              <input
                type="checkbox"
                checked={form.locales.includes(l)}
                onChange={(e) => set({ locales: e.target.checked ? [...form.locales, l] : form.locales.filter((x) => x !== l) })}
              />
              <span>{l.toUpperCase()}</span>
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t.defaultLocale}</span>
          <select value={form.defaultLocale} onChange={(e) => set({ defaultLocale: e.target.value })}>
            {form.locales.map((l) => (
              <option key={l} value={l}>
                {l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.timezone}</span>
          <input required value={form.timezone} onChange={(e) => set({ timezone: e.target.value })} />
        </label>
        <label>
          <span>{t.shipBy}</span>
          <input
            type="number"
            min={1}
            max={365}
            value={form.shipByDays}
            onChange={(e) => set({ shipByDays: Number(e.target.value) })}
          />
        </label>
        <fieldset>
          <legend>{t.money}</legend>
          <label>
            <span>{t.creditDays}</span>
            <input
              type="number"
              min={1}
              max={3650}
              value={form.creditDays}
              onChange={(e) => set({ creditDays: e.target.value })}
            />
          </label>
          <label>
            <span>{t.surplus}</span>
            <select value={form.exchangeSurplus} onChange={(e) => set({ exchangeSurplus: e.target.value as 'refund' })}>
              <option value="refund">{t.refund}</option>
              <option value="store_credit">{t.store_credit}</option>
            </select>
          </label>
          <label>
            <span>{t.unreturned}</span>
            <select
              value={form.instantExchangeUnreturned}
              onChange={(e) => set({ instantExchangeUnreturned: e.target.value as 'review' })}
            >
              <option value="review">{t.review}</option>
              <option value="charge">{t.charge}</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>{t.address}</legend>
          {(['line1', 'postcode', 'city', 'country'] as const).map((k) => (
            <label key={k}>
              <span>{t[k]}</span>
              <input value={form.address[k]} onChange={(e) => set({ address: { ...form.address, [k]: e.target.value } })} />
            </label>
          ))}
        </fieldset>
      </fieldset>
      {action.error && <ErrorBox message={action.error} />}
      {saved && (
        <p className="ok" role="status">
          {t.saved}
        </p>
      )}
      {editable && (
        <button type="submit" className="primary" disabled={action.busy}>
          {t.save}
        </button>
      )}
    </form>
  );
}
