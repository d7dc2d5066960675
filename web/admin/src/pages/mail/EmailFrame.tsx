import { useState } from 'react';
import { useT } from '../../i18n.js';
import { MAIL_T } from './emailTexts.js';

/** An e-mail's HTML in a sandboxed frame (no scripts, no forms, no navigation of the back office)
 * beside its plain text, the way a shopper's mail program shows one or the other. The HTML comes
 * from its own address (`htmlUrl`, an API path), which answers with a policy of its own: a srcdoc
 * frame would take the back office's, which then had to allow the e-mail's inline styles. */
export function EmailFrame({ htmlUrl, text, subject }: { htmlUrl: string; text: string | null; subject: string | null }) {
  const t = useT(MAIL_T);
  const [view, setView] = useState<'html' | 'text'>('html');
  return (
    <div className="email-view">
      <div className="tabs" role="tablist">
        {(['html', 'text'] as const).map((v) => (
          <button key={v} type="button" role="tab" aria-selected={view === v} onClick={() => setView(v)}>
            {t[v]}
          </button>
        ))}
      </div>
      {view === 'html' ? (
        <iframe className="email-frame" title={`${t.frame}: ${subject ?? ''}`} sandbox="" src={`/api/v1${htmlUrl}`} />
      ) : (
        <pre className="email-text">{text}</pre>
      )}
    </div>
  );
}
