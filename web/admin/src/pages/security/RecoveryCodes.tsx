import { useState } from 'react';
import { useT } from '../../i18n.js';
import { TWO_FACTOR_TEXTS } from './twoFactorTexts.js';

/** Recovery codes, shown once: to copy or download before going on. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useT(TWO_FACTOR_TEXTS);
  const [copied, setCopied] = useState(false);
  const text = `${codes.join('\n')}\n`;
  const href = `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
  async function copy() {
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    setCopied(true);
  }
  return (
    <section className="card notice" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">{t.codesTitle}</h2>
      <p>{t.codesHelp}</p>
      <ol className="recovery-codes" aria-label={t.codesTitle}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="toolbar">
        <button type="button" onClick={copy}>
          {t.copy}
        </button>
        <a className="button" href={href} download="retour-recovery-codes.txt">
          {t.download}
        </a>
        <span role="status">{copied ? t.copied : ''}</span>
        <button type="button" className="primary" onClick={onDone}>
          {t.saved}
        </button>
      </div>
    </section>
  );
}
