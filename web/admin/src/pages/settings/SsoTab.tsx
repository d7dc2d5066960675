import { type FormEvent, useState } from 'react';
import type { SsoSettings, SsoSettingsBody } from '../../../../../src/http/routes/admin/sso/schema.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { SaveFooter } from '../../ui/FormActions.js';
import { Loaded } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { useLoad } from '../../ui/useLoad.js';
import { type SsoForm as Form, SsoFields } from './sso/SsoFields.js';
import { SSO_TEXTS } from './sso/ssoTexts.js';

/** Settings › Single sign-on: the shop's OpenID Connect provider, its groups' roles, and who may
 * sign in through it. The client secret is write-only: the page only knows whether one is kept. */
export function SsoTab() {
  const state = useLoad(() => api<SsoSettings>('GET', '/settings/sso'), []);
  return <Loaded state={state}>{(settings) => <SsoForm settings={settings} />}</Loaded>;
}

function SsoForm({ settings }: { settings: SsoSettings }) {
  const t = useT(SSO_TEXTS);
  const action = useAction();
  const [saved, setSaved] = useState(false);
  const [secretSet, setSecretSet] = useState(settings.clientSecretSet);
  const [form, setForm] = useState<Form>({
    ...settings,
    roleMappings: settings.roleMappings.map((m) => ({ ...m, storeId: m.storeId ?? null })),
    domains: settings.allowedDomains.join('\n'),
    clientSecret: '',
  });
  const set = (patch: Partial<Form>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { domains, clientSecret, ...rest } = form;
    const body: SsoSettingsBody = {
      ...rest,
      allowedDomains: domains.split(/[\s,]+/).filter(Boolean),
      ...(clientSecret ? { clientSecret } : {}),
    };
    const ok = await action.run(async () => {
      const answer = await api<SsoSettings>('PUT', '/settings/sso', body);
      setSecretSet(answer.clientSecretSet);
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
      <SsoFields form={form} set={set} secretSet={secretSet} />
      <SaveFooter busy={action.busy} error={action.error} saved={saved} texts={t} />
    </form>
  );
}
