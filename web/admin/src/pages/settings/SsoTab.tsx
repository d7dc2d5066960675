import { type FormEvent, useState } from 'react';
import type { SsoSettings, SsoSettingsBody } from '../../../../../src/http/routes/admin/sso/schema.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { SaveFooter } from '../../ui/FormActions.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { type SsoForm as Form, type SecretState, SsoFields } from './sso/SsoFields.js';
import { SSO_TEXTS } from './sso/ssoTexts.js';

/** Settings › Single sign-on: the shop's OpenID Connect provider, its groups' roles, and who may
 * sign in through it. The client secret is write-only: the page only knows whether one is kept. */
export function SsoTab() {
  const state = useLoad(() => api<SsoSettings>('GET', '/settings/sso'), []);
  return <Loaded state={state}>{(settings) => <SsoForm settings={settings} />}</Loaded>;
}

/** The form from the settings as read: named field by field, since the answer carries fields
 * (`configured`, `clientSecretSet`) the strict body refuses. */
function formOf(s: SsoSettings): Form {
  return {
    enabled: s.enabled,
    issuerUrl: s.issuerUrl,
    clientId: s.clientId,
    displayName: s.displayName,
    groupsClaim: s.groupsClaim,
    roleMappings: s.roleMappings.map((m) => ({ group: m.group, role: m.role, storeId: m.storeId ?? null })),
    domains: s.allowedDomains.join('\n'),
    createUsers: s.createUsers,
    passwordLogin: s.passwordLogin,
    trustProviderMfa: s.trustProviderMfa,
    clientSecret: '',
  };
}

/** The body to save: the schema's fields only; the secret only when one was typed. */
function bodyOf(form: Form): SsoSettingsBody {
  return {
    enabled: form.enabled,
    issuerUrl: form.issuerUrl,
    clientId: form.clientId,
    displayName: form.displayName,
    groupsClaim: form.groupsClaim,
    roleMappings: form.roleMappings.map((m) => ({ group: m.group, role: m.role, storeId: m.storeId })),
    allowedDomains: form.domains.split(/[\s,]+/).filter(Boolean),
    createUsers: form.createUsers,
    passwordLogin: form.passwordLogin,
    trustProviderMfa: form.trustProviderMfa,
    ...(form.clientSecret ? { clientSecret: form.clientSecret } : {}),
  };
}

/** What the secret field's hint says: a kept secret stays only for the same issuer and client. */
function secretState(kept: SsoSettings, form: Form): SecretState {
  if (!kept.clientSecretSet) return 'none';
  const sameClient = form.issuerUrl.trim().replace(/\/$/, '') === kept.issuerUrl && form.clientId.trim() === kept.clientId;
  return sameClient ? 'kept' : 'again';
}

function SsoForm({ settings }: { settings: SsoSettings }) {
  const t = useT(SSO_TEXTS);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  // The saved client and whether its secret is kept: a kept secret is not carried to another one.
  const [kept, setKept] = useState(settings);
  const [form, setForm] = useState<Form>(() => formOf(settings));
  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = bodyOf(form);
    const ok = await action.run(async () => {
      const answer = await api<SsoSettings>('PUT', '/settings/sso', body);
      setKept(answer);
    });
    if (ok) {
      setSaved(true);
      setForm({ ...form, clientSecret: '' });
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="sso-title">
      <h2 id="sso-title">{t.title}</h2>
      <p>
        {t.help} <code>{`${window.location.origin}/api/v1/auth/sso/callback`}</code>
      </p>
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <span>{t.enabled}</span>
      </label>
      <SsoFields form={form} set={set} secret={secretState(kept, form)} />
      <SaveFooter busy={action.busy} error={action.error} saved={saved} texts={t} />
    </form>
  );
}
