import { type FormEvent, useState } from 'react';
import type { SessionAnswer } from '../../../../../src/http/routes/admin/auth/schema.js';
import { ApiError, api, problemText } from '../../api.js';
import { useT } from '../../i18n.js';
import { CodeField } from './CodeField.js';
import { TWO_FACTOR_TEXTS } from './twoFactorTexts.js';

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function TwoFactorStep({
  onSignedIn,
  onRestart,
}: {
  onSignedIn: (answer: SessionAnswer) => void;
  onRestart: (message?: string) => void;
}) {
  const t = useT(TWO_FACTOR_TEXTS);
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api<SessionAnswer>('POST', '/auth/login/two-factor', { code }));
    } catch (err) {
      // Too many wrong codes, or too slow: the password step again.
      if (err instanceof ApiError && err.problem.code === 'TWO_FACTOR_CHALLENGE_INVALID') onRestart(problemText(err));
      else setError(problemText(err));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="two-factor-step-title">
      <h1 id="two-factor-step-title">{t.stepTitle}</h1>
      <p>{t.stepHelp}</p>
      <CodeField
        id="two-factor-code"
        label={recovery ? t.recoveryCode : t.code}
        value={code}
        onChange={setCode}
        recovery={recovery}
      />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t.verifying : t.verify}
      </button>
      <button
        type="button"
        className="link"
        onClick={() => {
          setRecovery(!recovery);
          setCode('');
        }}
      >
        {recovery ? t.useCode : t.useRecovery}
      </button>
      <button type="button" className="link" onClick={() => onRestart()}>
        {t.back}
      </button>
    </form>
  );
}
