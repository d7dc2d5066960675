import { type FormEvent, useState } from 'react';
import { can } from '../../access.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { useMe } from '../../session.js';
import { SaveFooter } from '../../ui/FormActions.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { AddressFields, BrandFields, LanguageFields, MoneyFields } from './shop/ShopFields.js';
import { bodyOf, formOf, type Shop, type ShopForm as ShopFormState } from './shop/shopForm.js';
import { SHOP_TEXTS } from './shop/shopTexts.js';

export function ShopTab() {
  const state = useLoad(() => api<Shop>('GET', '/settings/shop'), []);
  return <Loaded state={state}>{(shop) => <ShopForm shop={shop} onSaved={state.reload} />}</Loaded>;
}

/** The shop's own settings: how it presents itself, its languages, dates and money rules, return address. */
function ShopForm({ shop, onSaved }: { shop: Shop; onSaved: () => void }) {
  const t = useT(SHOP_TEXTS);
  const me = useMe();
  const editable = can(me.role, 'settings.manage');
  const action = useAction();
  const [form, setForm] = useState<ShopFormState>(() => formOf(shop));
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<ShopFormState>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() => api('PATCH', '/settings/shop', bodyOf(form)));
    if (ok) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <form className="card" onSubmit={submit}>
      <fieldset disabled={!editable}>
        <BrandFields form={form} set={set} />
        <LanguageFields form={form} set={set} />
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
        <MoneyFields form={form} set={set} />
        <AddressFields form={form} set={set} />
      </fieldset>
      <SaveFooter busy={action.busy} error={action.error} saved={saved} editable={editable} texts={t} />
    </form>
  );
}
