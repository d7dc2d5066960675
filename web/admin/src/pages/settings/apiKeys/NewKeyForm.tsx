import { type FormEvent, useState } from 'react';
import type { Permission, StaffRole } from '../../../../../../src/domain/access.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { RoleOptions } from '../../../ui/RoleOptions.js';
import { ErrorBox } from '../../../ui/States.js';
import { StoreSelect, useStores } from '../../../ui/StoreSelect.js';
import type { useAction } from '../../../ui/useAction.js';
import { type CreatedApiKey, type ExpiryChoice, expiryInstant, permissionsOf } from './apiKeyModel.js';
import { API_KEY_TEXTS } from './apiKeyTexts.js';
import { ExpiryPicker } from './ExpiryPicker.js';
import { ScopePicker } from './ScopePicker.js';

interface KeyForm {
  name: string;
  role: StaffRole;
  storeId: string | null;
  /** null: everything the role may do. */
  scopes: Permission[] | null;
  expiry: ExpiryChoice;
  expiryDate: string;
}

const EMPTY: KeyForm = { name: '', role: 'agent', storeId: null, scopes: null, expiry: 'never', expiryDate: '' };

/** A new key: its name, the role it acts as, what of that role it may do, and when it expires;
 * its secret goes to `onCreated`. */
export function NewKeyForm({
  action,
  onCreated,
}: {
  action: ReturnType<typeof useAction>;
  onCreated: (secret: string) => Promise<void>;
}) {
  const t = useT(API_KEY_TEXTS);
  const [form, setForm] = useState(EMPTY);
  // A till's key (the store role) works at one store.
  const stores = useStores();

  async function submit(e: FormEvent) {
    e.preventDefault();
    let secret = '';
    const ok = await action.run(async () => {
      if (form.scopes?.length === 0) throw new Error(t.pickOne);
      const body = {
        name: form.name,
        role: form.role,
        storeId: form.role === 'store' ? form.storeId : null,
        scopes: form.scopes,
        expiresAt: expiryInstant(form.expiry, form.expiryDate, new Date()),
      };
      secret = (await api<CreatedApiKey>('POST', '/api-keys', body)).key;
    });
    if (ok) {
      setForm(EMPTY);
      await onCreated(secret);
    }
  }

  function changeRole(role: StaffRole) {
    // Scopes the new role does not have cannot be kept.
    const scopes = form.scopes === null ? null : form.scopes.filter((p) => permissionsOf(role).includes(p));
    setForm({ ...form, role, scopes, storeId: form.storeId ?? stores[0]?.id ?? null });
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
          <select value={form.role} onChange={(e) => changeRole(e.target.value as StaffRole)}>
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
        <ExpiryPicker
          choice={form.expiry}
          date={form.expiryDate}
          onChange={(expiry, expiryDate) => setForm({ ...form, expiry, expiryDate })}
        />
      </div>
      <ScopePicker role={form.role} value={form.scopes} onChange={(scopes) => setForm({ ...form, scopes })} />
      <button type="submit" className="primary" disabled={action.busy}>
        {t.save}
      </button>
      {action.error && <ErrorBox message={action.error} />}
    </form>
  );
}
