import { type FormEvent, useState } from 'react';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { RoleOptions } from '../../../ui/RoleOptions.js';
import { ErrorBox } from '../../../ui/States.js';
import { StoreSelect, useStores } from '../../../ui/StoreSelect.js';
import type { useAction } from '../../../ui/useAction.js';
import type { CreatedApiKey } from './apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeyTexts.js';

/** A new key: its name and the role it acts as; its secret goes to `onCreated`. */
export function NewKeyForm({
  action,
  onCreated,
}: {
  action: ReturnType<typeof useAction>;
  onCreated: (secret: string) => Promise<void>;
}) {
  const t = useT(API_KEY_TEXTS);
  const empty = { name: '', role: 'agent', storeId: null as string | null };
  const [form, setForm] = useState(empty);
  // A till's key (the store role) works at one store.
  const stores = useStores();

  async function submit(e: FormEvent) {
    e.preventDefault();
    let secret = '';
    const ok = await action.run(async () => {
      const body = { ...form, storeId: form.role === 'store' ? form.storeId : null };
      secret = (await api<CreatedApiKey>('POST', '/api-keys', body)).key;
    });
    if (ok) {
      setForm(empty);
      await onCreated(secret);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="key-add">
      <h2 id="key-add">{t.add}</h2>
      <div className="toolbar">
        <label>
          <span>{t.name}</span>
          <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </label>
        <label>
          <span>{t.role}</span>
          <select
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value, storeId: form.storeId ?? stores[0]?.id ?? null })}
          >
            <RoleOptions />
          </select>
        </label>
        {form.role === 'store' && (
          <label htmlFor="key-store">
            <span>{t.store}</span>
            <StoreSelect
              id="key-store"
              stores={stores}
              value={form.storeId}
              onChange={(storeId) => setForm({ ...form, storeId })}
            />
          </label>
        )}
        <button type="submit" className="primary" disabled={action.busy}>
          {t.save}
        </button>
      </div>
      {action.error && <ErrorBox message={action.error} />}
    </form>
  );
}
