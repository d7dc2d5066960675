import { type FormEvent, useState } from 'react';
import type {
  TwoFactorEnrolment as Enrolment,
  RecoveryCodesAnswer,
} from '../../../../../src/http/routes/admin/auth/twoFactorSchema.js';
import { api } from '../../api.js';
import { useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { CodeField } from './CodeField.js';
import { RecoveryCodes } from './RecoveryCodes.js';
import { TWO_FACTOR_TEXTS } from './twoFactorTexts.js';

/** Setting up two-factor sign-in: a QR code (and the key to type), a current code to confirm,
 * then the recovery codes, once. */
export function TwoFactorEnrolment({ onDone }: { onDone: () => void }) {
  const t = useT(TWO_FACTOR_TEXTS);
  const action = useAction();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);

  const start = () => action.run(async () => setEnrolment(await api<Enrolment>('POST', '/auth/two-factor/enrolment', {})));
  async function confirm(e: FormEvent) {
    e.preventDefault();
    await action.run(async () => {
      const answer = await api<RecoveryCodesAnswer>('POST', '/auth/two-factor/enrolment/confirm', { code });
      setCodes(answer.recoveryCodes);
    });
  }

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (!enrolment) {
    return (
      <>
        {action.error && <ErrorBox message={action.error} />}
        <button type="button" className="primary" onClick={start} disabled={action.busy}>
          {t.start}
        </button>
      </>
    );
  }
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`;
  return (
    <form className="card" onSubmit={confirm} aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t.start}</h2>
      <p>{t.scan}</p>
      <img className="qr" src={qr} alt={t.qrAlt} width={180} height={180} />
      <p>
        {t.manual} <code className="secret">{enrolment.secret}</code>
      </p>
      <CodeField id="enrol-code" label={t.code} value={code} onChange={setCode} />
      {action.error && <ErrorBox message={action.error} />}
      <button type="submit" className="primary" disabled={action.busy}>
        {t.confirm}
      </button>
    </form>
  );
}
