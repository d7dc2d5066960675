import { SHOPPER_LOCALES } from '../../../../../../src/domain/policy/messages.js';
import { useT } from '../../../i18n.js';
import type { SetShopForm, ShopForm } from './shopForm.js';
import { SHOP_TEXTS } from './shopTexts.js';

interface FieldsProps {
  form: ShopForm;
  set: SetShopForm;
}

/** How the shop presents itself to shoppers: name, logo, colour and support address. */
export function BrandFields({ form, set }: FieldsProps) {
  const t = useT(SHOP_TEXTS);
  return (
    <>
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
    </>
  );
}

/** The portal's languages the shop offers, and the one it speaks first. */
export function LanguageFields({ form, set }: FieldsProps) {
  const t = useT(SHOP_TEXTS);
  return (
    <>
      <fieldset>
        <legend>{t.languages}</legend>
        {SHOPPER_LOCALES.map((l) => (
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
        <select
          value={form.defaultLocale}
          onChange={(e) => {
            // The options are the offered languages, so the value is one of them.
            const picked = form.locales.find((l) => l === e.target.value);
            if (picked) set({ defaultLocale: picked });
          }}
        >
          {form.locales.map((l) => (
            <option key={l} value={l}>
              {l.toUpperCase()}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** How long store credit lasts, where an exchange's surplus goes, and an unreturned instant exchange. */
export function MoneyFields({ form, set }: FieldsProps) {
  const t = useT(SHOP_TEXTS);
  return (
    <fieldset>
      <legend>{t.money}</legend>
      <label>
        <span>{t.creditDays}</span>
        <input type="number" min={1} max={3650} value={form.creditDays} onChange={(e) => set({ creditDays: e.target.value })} />
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
  );
}

/** Where returns are sent when no warehouse says otherwise. */
export function AddressFields({ form, set }: FieldsProps) {
  const t = useT(SHOP_TEXTS);
  return (
    <fieldset>
      <legend>{t.address}</legend>
      {(['line1', 'postcode', 'city', 'country'] as const).map((k) => (
        <label key={k}>
          <span>{t[k]}</span>
          <input value={form.address[k]} onChange={(e) => set({ address: { ...form.address, [k]: e.target.value } })} />
        </label>
      ))}
    </fieldset>
  );
}
