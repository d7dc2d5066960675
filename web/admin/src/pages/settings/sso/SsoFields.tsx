import { useState } from 'react';
import type { SsoSettings, SsoTestAnswer } from '../../../../../../src/http/routes/admin/sso/schema.js';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { ErrorBox } from '../../../ui/States.js';
import { useAction } from '../../../ui/useAction.js';
import { type MappingRow, RoleMappings } from './RoleMappings.js';
import { SSO_TEXTS } from './ssoTexts.js';

/** The settings form's state: domains as typed (one per line), the secret only when typed anew. */
export type SsoForm = Omit<SsoSettings, 'roleMappings' | 'allowedDomains' | 'configured' | 'clientSecretSet'> & {
  roleMappings: MappingRow[];
  domains: string;
  clientSecret: string;
};

/** The provider's client and who gets in as what. */
/** Whether a client secret is kept for the client in the form, or must be entered again (the
 * issuer or client changed, and the kept one is never sent to another). */
export type SecretState = 'kept' | 'none' | 'again';

type FieldsProps = { form: SsoForm; set: (patch: Partial<SsoForm>) => void; secret: SecretState };

export function SsoFields(props: FieldsProps) {
  return (
    <>
      <ProviderFields {...props} />
      <AccessFields {...props} />
    </>
  );
}

/** Which provider and client: the name on the button, the issuer, the client id and secret. */
function ProviderFields({ form, set, secret }: FieldsProps) {
  const t = useT(SSO_TEXTS);
  return (
    <>
      <label>
        <span>{t.displayName}</span>
        <input required maxLength={80} value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} />
      </label>
      <label>
        <span>{t.issuerUrl}</span>
        <input
          type="url"
          required
          value={form.issuerUrl}
          aria-describedby="sso-issuer-hint"
          onChange={(e) => set({ issuerUrl: e.target.value })}
        />
      </label>
      <p id="sso-issuer-hint" className="muted">
        {t.issuerHint}
      </p>
      <label>
        <span>{t.clientId}</span>
        <input required value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} />
      </label>
      <label>
        <span>{t.clientSecret}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={form.clientSecret}
          aria-describedby="sso-secret-hint"
          onChange={(e) => set({ clientSecret: e.target.value })}
        />
      </label>
      <p id="sso-secret-hint" className="muted">
        {secret === 'kept' ? t.secretKept : secret === 'again' ? t.secretAgain : t.secretNone}
      </p>
      <TestConnection issuerUrl={form.issuerUrl} clientId={form.clientId} />
    </>
  );
}

/** Who may sign in through the provider, and as what. */
function AccessFields({ form, set }: { form: SsoForm; set: (patch: Partial<SsoForm>) => void }) {
  const t = useT(SSO_TEXTS);
  return (
    <>
      <label>
        <span>{t.groupsClaim}</span>
        <input
          required
          value={form.groupsClaim}
          aria-describedby="sso-groups-hint"
          onChange={(e) => set({ groupsClaim: e.target.value })}
        />
      </label>
      <p id="sso-groups-hint" className="muted">
        {t.groupsHint}
      </p>
      <RoleMappings rows={form.roleMappings} onChange={(roleMappings) => set({ roleMappings })} />
      <label>
        <span>{t.domains}</span>
        <textarea
          rows={3}
          value={form.domains}
          aria-describedby="sso-domains-hint"
          onChange={(e) => set({ domains: e.target.value })}
        />
      </label>
      <p id="sso-domains-hint" className="muted">
        {t.domainsHint}
      </p>
      <label className="check">
        <input type="checkbox" checked={form.createUsers} onChange={(e) => set({ createUsers: e.target.checked })} />
        <span>{t.createUsers}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={form.passwordLogin} onChange={(e) => set({ passwordLogin: e.target.checked })} />
        <span>{t.passwordLogin}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.trustProviderMfa}
          onChange={(e) => set({ trustProviderMfa: e.target.checked })}
          aria-describedby="sso-mfa-hint"
        />
        <span>{t.trustProviderMfa}</span>
      </label>
      <p id="sso-mfa-hint" className="muted">
        {t.trustProviderMfaHint}
      </p>
    </>
  );
}

/** Fetches the provider's discovery document for the issuer typed, saved or not. */
function TestConnection({ issuerUrl, clientId }: { issuerUrl: string; clientId: string }) {
  const t = useT(SSO_TEXTS);
  const action = useAction();
  const [result, setResult] = useState<string | null>(null);
  const test = () =>
    action.run(async () => {
      setResult(null);
      const answer = await api<SsoTestAnswer>('POST', '/settings/sso/test', { issuerUrl, clientId });
      setResult((answer.pkce ? t.testOk : t.testNoPkce).replace('{issuer}', answer.issuer));
    });
  return (
    <div>
      <button type="button" onClick={test} disabled={action.busy || !issuerUrl || !clientId}>
        {action.busy ? t.testing : t.test}
      </button>
      {action.error && <ErrorBox message={action.error} />}
      <p role="status">{result ?? ''}</p>
    </div>
  );
}
