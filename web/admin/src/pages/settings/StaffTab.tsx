import { type FormEvent, useState } from 'react';
import type { StaffUserRow as Staff } from '../../../../../src/http/routes/admin/admin/schema.js';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { RoleOptions } from '../../ui/RoleOptions.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { StoreSelect, useStores } from '../../ui/StoreSelect.js';
import { TableCard } from '../../ui/TableCard.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    email: 'E-mail',
    name: 'Name',
    role: 'Role',
    active: 'Active',
    lastLogin: 'Last sign-in',
    store: 'Store',
    yes: 'yes',
    no: 'no',
    add: 'Add a staff user',
    password: 'Password (at least 12 characters)',
    save: 'Add',
  },
  nl: {
    email: 'E-mail',
    name: 'Naam',
    role: 'Rol',
    active: 'Actief',
    lastLogin: 'Laatst ingelogd',
    store: 'Winkel',
    yes: 'ja',
    no: 'nee',
    add: 'Medewerker toevoegen',
    password: 'Wachtwoord (minstens 12 tekens)',
    save: 'Toevoegen',
  },
});

const empty = { email: '', name: '', role: 'agent', password: '', storeId: null as string | null };

/** Staff accounts: their role and whether they may sign in, and adding one. */
export function StaffTab() {
  const t = useT(T);
  const state = useLoad(() => api<Staff[]>('GET', '/staff'), []);
  const action = useAction();
  const [form, setForm] = useState(empty);
  const stores = useStores();
  // A new role or deactivation ends the user's sessions; the last admin cannot be demoted. The
  // store role works at one store: taking it on starts at the first store, to change after.
  const change = (id: string, patch: Patch) =>
    action.run(async () => {
      await api('PATCH', `/staff/${id}`, patch.role === 'store' ? { storeId: stores[0]?.id ?? null, ...patch } : patch);
      await state.reload();
    });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(() => api('POST', '/staff', { ...form, storeId: form.role === 'store' ? form.storeId : null }));
    if (ok) {
      setForm(empty);
      await state.reload();
    }
  }
  return (
    <>
      <Loaded state={state}>{(rows) => <StaffTable rows={rows} busy={action.busy} change={change} stores={stores} />}</Loaded>
      <form className="card" onSubmit={submit} aria-labelledby="staff-add">
        <h2 id="staff-add">{t.add}</h2>
        <div className="toolbar">
          <label>
            <span>{t.email}</span>
            <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </label>
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
            <label htmlFor="staff-store">
              <span>{t.store}</span>
              <StoreSelect
                id="staff-store"
                stores={stores}
                value={form.storeId}
                onChange={(storeId) => setForm({ ...form, storeId })}
              />
            </label>
          )}
          <label>
            <span>{t.password}</span>
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
        </div>
        {action.error && <ErrorBox message={action.error} />}
        <button type="submit" className="primary" disabled={action.busy}>
          {t.save}
        </button>
      </form>
    </>
  );
}

type Patch = { role?: string; active?: boolean; storeId?: string | null };
type Change = (id: string, patch: Patch) => Promise<boolean>;
type Stores = ReturnType<typeof useStores>;

/** Everyone with an account, their role and whether it is active, changed in place. */
function StaffTable({ rows, busy, change, stores }: { rows: Staff[]; busy: boolean; change: Change; stores: Stores }) {
  const t = useT(T);
  const lang = useLang();
  return (
    <TableCard headers={[t.email, t.name, t.role, t.store, t.active, t.lastLogin]}>
      {rows.map((u) => (
        <tr key={u.id}>
          <td>{u.email}</td>
          <td>{u.name}</td>
          <td>
            <select
              aria-label={`${t.role} ${u.email}`}
              value={u.role}
              disabled={busy}
              onChange={(e) => void change(u.id, { role: e.target.value })}
            >
              <RoleOptions />
            </select>
          </td>
          <td>
            {u.role === 'store' ? (
              <StoreSelect
                stores={stores}
                value={u.storeId}
                label={`${t.store} ${u.email}`}
                disabled={busy}
                onChange={(storeId) => void change(u.id, { storeId })}
              />
            ) : (
              '—'
            )}
          </td>
          <td>
            <label className="check">
              <input
                type="checkbox"
                checked={u.active}
                disabled={busy}
                onChange={(e) => void change(u.id, { active: e.target.checked })}
              />
              <span>
                {u.active ? t.yes : t.no}
                <span className="sr-only"> {u.email}</span>
              </span>
            </label>
          </td>
          <td>{dateTime(u.lastLoginAt, lang)}</td>
        </tr>
      ))}
    </TableCard>
  );
}
