import { type FormEvent, useState } from 'react';
import type { LoginAnswer, SessionAnswer } from '../../../../src/http/routes/admin/auth/schema.js';
import { ApiError, api, problemText, setCsrf } from '../api.js';
import { texts, useT } from '../i18n.js';
import type { StaffUser } from '../session.js';
import { SsoButton, ssoOutcome, useSsoErrorText } from './security/SsoSignIn.js';
import { TwoFactorStep } from './security/TwoFactorStep.js';

const T = texts({
  en: { title: 'Sign in to Retour', email: 'E-mail', password: 'Password', submit: 'Sign in', busy: 'Signing in…' },
  nl: { title: 'Inloggen bij Retour', email: 'E-mail', password: 'Wachtwoord', submit: 'Inloggen', busy: 'Bezig met inloggen…' },
});

/** Signing in: e-mail and password, then, with two-factor sign-in on, a code. `enrolOnly`: the
 * role must use two-factor sign-in and the user has not set it up yet. */
export function LoginPage({ onSignedIn }: { onSignedIn: (user: StaffUser, enrolOnly: boolean) => void }) {
  const t = useT(T);
  const ssoErrorText = useSsoErrorText();
  // Back from the identity provider: refused (with its code), or on to the second factor.
  const [sso] = useState(ssoOutcome);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(sso.error ? ssoErrorText(sso.error) : null);
  const [busy, setBusy] = useState(false);
  const [secondStep, setSecondStep] = useState(sso.twoFactor);

  function signedIn(res: SessionAnswer) {
    setCsrf(res.csrfToken);
    onSignedIn(res.user, res.enrolOnly === true);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<LoginAnswer>('POST', '/auth/login', { email, password });
      if ('twoFactorRequired' in res) {
        setPassword('');
        setSecondStep(true);
      } else signedIn(res);
    } catch (err) {
      // Password sign-in closed by the shop: said in the user's language, with where to go instead.
      const closed = err instanceof ApiError && err.problem.code === 'PASSWORD_LOGIN_CLOSED';
      setError(closed ? ssoErrorText('PASSWORD_LOGIN_CLOSED') : problemText(err));
    } finally {
      setBusy(false);
    }
  }

  if (secondStep) {
    return (
      <main className="login">
        <TwoFactorStep
          onSignedIn={signedIn}
          onRestart={(message) => {
            setSecondStep(false);
            setError(message ?? null);
          }}
        />
      </main>
    );
  }

  return (
    <main className="login">
      <form className="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t.title}</h1>
        <SsoButton />
        <label>
          <span>{t.email}</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          <span>{t.password}</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t.busy : t.submit}
        </button>
      </form>
    </main>
  );
}
