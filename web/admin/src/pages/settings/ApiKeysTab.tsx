import { type FormEvent, useState } from 'react';
import { api } from '../../api.js';
import { dateTime, texts, useLang, useT } from '../../i18n.js';
import { ErrorBox, Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLabels } from '../../ui/useLabels.js';
import { useLoad } from '../../ui/useLoad.js';

const T = texts({
  en: {
    name: 'Name',
    prefix: 'Key starts with',
    role: 'Role',
    created: 'Created',
    used: 'Last used',
    revoked: 'Revoked',
    revoke: 'Revoke',
    confirm: 'Revoke for good?',
    yes: 'Yes, revoke',
    no: 'No',
    add: 'Create an API key',
    save: 'Create',
    once: 'Copy this key now: it is shown only once and cannot be shown again.',
    copy: 'Copy',
    copied: 'Copied',
    key: 'New API key',
  },
  nl: {
    name: 'Naam',
    prefix: 'Sleutel begint met',
    role: 'Rol',
    created: 'Aangemaakt',
    used: 'Laatst gebruikt',
    revoked: 'Ingetrokken',
    revoke: 'Intrekken',
    confirm: 'Definitief intrekken?',
    yes: 'Ja, intrekken',
    no: 'Nee',
    add: 'API-sleutel aanmaken',
    save: 'Aanmaken',
    once: 'Kopieer deze sleutel nu: hij wordt maar één keer getoond.',
    copy: 'Kopiëren',
    copied: 'Gekopieerd',
    key: 'Nieuwe API-sleutel',
  },
});

const ROLES = ['agent', 'analyst', 'warehouse', 'admin'];
interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** API keys for integrations: the secret is shown once at creation, never again. */
export function ApiKeysTab() {
  const t = useT(T);
  const label = useLabels();
  const lang = useLang();
  const state = useLoad(() => api<ApiKey[]>('GET', '/api-keys'), []);
  const action = useAction();
  const [form, setForm] = useState({ name: '', role: 'agent' });
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await action.run(async () => {
      const created = await api<{ key: string }>('POST', '/api-keys', form);
      setSecret(created.key);
      setCopied(false);
    });
    if (ok) {
      setForm({ name: '', role: 'agent' });
      await state.reload();
    }
  }

  return (
    <>
      {secret && (
        <section className="ok" role="status" aria-labelledby="key-title">
          <h2 id="key-title">{t.key}</h2>
          <p>
            <strong>{t.once}</strong>
          </p>
          <p>
            <code>{secret}</code>{' '}
            <button
              type="button"
              onClick={() => {
                void navigator.clipboard?.writeText(secret);
                setCopied(true);
              }}
            >
              {copied ? t.copied : t.copy}
            </button>
          </p>
        </section>
      )}
      <Loaded state={state}>
        {(rows) => (
          <div className="card table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t.name}</th>
                  <th scope="col">{t.prefix}</th>
                  <th scope="col">{t.role}</th>
                  <th scope="col">{t.created}</th>
                  <th scope="col">{t.used}</th>
                  <th scope="col">{t.revoked}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td>
                      <code>rtr_{k.prefix}</code>
                    </td>
                    <td>{label.role(k.role)}</td>
                    <td>{dateTime(k.createdAt, lang)}</td>
                    <td>{dateTime(k.lastUsedAt, lang)}</td>
                    <td>
                      {k.revokedAt ? (
                        dateTime(k.revokedAt, lang)
                      ) : confirming === k.id ? (
                        <>
                          {t.confirm}{' '}
                          <button
                            type="button"
                            className="danger"
                            onClick={() =>
                              void action.run(async () => {
                                await api('POST', `/api-keys/${k.id}/revoke`, {});
                                setConfirming(null);
                                await state.reload();
                              })
                            }
                          >
                            {t.yes}
                          </button>{' '}
                          <button type="button" onClick={() => setConfirming(null)}>
                            {t.no}
                          </button>
                        </>
                      ) : (
                        <button type="button" className="danger" onClick={() => setConfirming(k.id)}>
                          {t.revoke} <span className="sr-only">{k.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      <form className="card" onSubmit={submit} aria-labelledby="key-add">
        <h2 id="key-add">{t.add}</h2>
        <div className="toolbar">
          <label>
            <span>{t.name}</span>
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label>
            <span>{t.role}</span>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {label.role(r)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={action.busy}>
            {t.save}
          </button>
        </div>
        {action.error && <ErrorBox message={action.error} />}
      </form>
    </>
  );
}
