import { useState } from 'react';
import { SHOPPER_LOCALES } from '../../../../../src/domain/policy/messages.js';
import type { EmailPreview } from '../../../../../src/http/routes/messaging/emails/schema.js';
import { api, query } from '../../api.js';
import { useT } from '../../i18n.js';
import { Loaded } from '../../ui/States.js';
import { useLoad } from '../../ui/useLoad.js';
import { EmailFrame } from './EmailFrame.js';
import { kindLabel, MAIL_T } from './emailTexts.js';
import { EMAIL_KINDS } from './emailTypes.js';

/** Every e-mail a shopper can get, in each of the four languages, in the shop's own branding. */
export function EmailPreviews() {
  const t = useT(MAIL_T);
  const [kind, setKind] = useState<string>('approved');
  const [locale, setLocale] = useState<string>('nl');
  const state = useLoad(() => api<EmailPreview>('GET', `/email-previews${query({ kind, locale })}`), [kind, locale]);
  return (
    <>
      <div className="card toolbar">
        <label>
          {t.previewKind}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {EMAIL_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.language}
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            {SHOPPER_LOCALES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={state}>
        {(p) => (
          <>
            <h2>{p.subject}</h2>
            <EmailFrame htmlUrl={`/email-previews/html${query({ kind, locale })}`} text={p.text} subject={p.subject} />
          </>
        )}
      </Loaded>
    </>
  );
}
