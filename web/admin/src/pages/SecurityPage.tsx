import { type FormEvent, useState } from 'react';
import type { RecoveryCodesAnswer, TwoFactorStatus } from '../../../../src/http/routes/admin/auth/twoFactorSchema.js';
import { api } from '../api.js';
import { dateTime, useLang, useT } from '../i18n.js';
import { ErrorBox, Loaded } from '../ui/States.js';
import { useAction } from '../ui/useAction.js';
import { useLoad } from '../ui/useLoad.js';
import { CodeField } from './security/CodeField.js';
import { RecoveryCodes } from './security/RecoveryCodes.js';
import { TwoFactorEnrolment } from './security/TwoFactorEnrolment.js';
import { TWO_FACTOR_TEXTS } from './security/twoFactorTexts.js';

/** A staff member's own sign-in security: two-factor sign-in on or off, and recovery codes. */
export function SecurityPage() {
  const t = useT(TWO_FACTOR_TEXTS);
  const state = useLoad(() => api<TwoFactorStatus>('GET', '/auth/two-factor'), []);
  return (
    <>
      <h1>{t.title}</h1>
      <section aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">{t.twoFactor}</h2>
        <Loaded state={state}>{(status) => <TwoFactorState status={status} reload={state.reload} />}</Loaded>
      </section>
    </>
  );
}

function TwoFactorState({ status, reload }: { status: TwoFactorStatus; reload: () => Promise<void> }) {
  const t = useT(TWO_FACTOR_TEXTS);
  const lang = useLang();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  if (!status.enabled) {
    return (
      <>
        <p>{t.off}</p>
        <TwoFactorEnrolment onDone={reload} />
      </>
    );
  }
  return (
    <>
      <p>{t.on.replace('{date}', dateTime(status.enabledAt, lang))}</p>
      <p>{t.codesLeft.replace('{n}', String(status.recoveryCodesLeft))}</p>
      <CodeForm
        id="new-codes"
        title={t.newCodes}
        help={t.newCodesHelp}
        send={async (code) => {
          const answer = await api<RecoveryCodesAnswer>('POST', '/auth/two-factor/recovery-codes', { code });
          setCodes(answer.recoveryCodes);
          await reload();
        }}
      />
      {status.required ? (
        <p>{t.requiredOn}</p>
      ) : (
        <CodeForm
          id="turn-off"
          title={t.turnOff}
          help={t.turnOffHelp}
          send={async (code) => {
            await api('POST', '/auth/two-factor/disable', { code });
            await reload();
          }}
        />
      )}
    </>
  );
}

/** A small form asking for a current code before a change. */
function CodeForm({ id, title, help, send }: { id: string; title: string; help: string; send: (code: string) => Promise<void> }) {
  const t = useT(TWO_FACTOR_TEXTS);
  const action = useAction();
  const [code, setCode] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await action.run(() => send(code))) setCode('');
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p>{help}</p>
      <CodeField id={`${id}-code`} label={t.code} value={code} onChange={setCode} />
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" disabled={action.busy}>
        {title}
      </button>
    </form>
  );
}

/** What a session of a role that must use two-factor sign-in shows until it is set up. */
export function TwoFactorRequiredPage({ onEnrolled, onSignOut }: { onEnrolled: () => void; onSignOut: () => void }) {
  const t = useT(TWO_FACTOR_TEXTS);
  return (
    <main id="main" className="login">
      <div className="card">
        <h1>{t.twoFactor}</h1>
        <p>{t.requiredNote}</p>
        <TwoFactorEnrolment onDone={onEnrolled} />
        <button type="button" className="link" onClick={onSignOut}>
          {t.signOut}
        </button>
      </div>
    </main>
  );
}
