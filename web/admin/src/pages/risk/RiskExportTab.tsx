import { useState } from 'react';
import { query } from '../../api.js';
import { useT } from '../../i18n.js';
import { RISK_TEXTS } from './riskTexts.js';

/** The marketing-suppression list of serial returners as a CSV, plain or hashed for advertising
 * platforms; a plain link, so the browser downloads it with the session it already has. */
export function RiskExportTab() {
  const t = useT(RISK_TEXTS);
  const [minScore, setMinScore] = useState('');
  const href = (hashed: boolean) => `/api/v1/risk/suppression.csv${query({ hashed: String(hashed), minScore })}`;
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">{t.export}</h2>
      <p>{t.exportIntro}</p>
      <div className="toolbar">
        <label>
          <span>{t.exportMinScore}</span>
          <input type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} />
        </label>
        <a className="button" href={href(false)} download="suppression.csv">
          {t.plain}
        </a>
        <a className="button primary" href={href(true)} download="suppression-hashed.csv">
          {t.hashed}
        </a>
      </div>
    </section>
  );
}
