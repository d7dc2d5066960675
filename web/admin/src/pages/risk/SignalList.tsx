import './risk.css';
import { isOneOf } from '../../../../../src/domain/oneOf.js';
import { RISK_LEVELS, riskLevel } from '../../../../../src/domain/risk/score.js';
import { texts, useT } from '../../i18n.js';
import { useLabels } from '../../ui/useLabels.js';
import type { ExplainedSignal } from './riskWire.js';

const T = texts({
  en: { low: 'Low risk', medium: 'Medium risk', high: 'High risk', none: 'Not scored', points: 'points' },
  nl: { low: 'Laag risico', medium: 'Middel risico', high: 'Hoog risico', none: 'Geen score', points: 'punten' },
});

/** A score with its level, coloured by level (and said in words, not by colour alone); the level
 * from the score's bands when the answer has none. */
export function ScoreBadge({ score, level: given }: { score: number | null | undefined; level?: string | null }) {
  const t = useT(T);
  if (score === null || score === undefined) return <span className="badge">{t.none}</span>;
  const level = isOneOf(RISK_LEVELS, given) ? given : riskLevel(score);
  const tone = level === 'high' ? 'bad' : level === 'medium' ? 'warn' : 'good';
  return (
    <span className={`badge ${tone}`}>
      {t[level]} ({score})
    </span>
  );
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The signals that fired, each with its points and the sentence that explains it to staff. */
export function SignalList({ signals, empty }: { signals: ExplainedSignal[]; empty?: string }) {
  const t = useT(T);
  const label = useLabels();
  if (signals.length === 0) return empty ? <span className="muted">{empty}</span> : null;
  return (
    <ul className="signals">
      {signals.map((s) => (
        <li key={s.code} data-signal={s.code}>
          <span className="chip">
            {label.riskSignal(s.code)} {signed(s.points)}
            <span className="sr-only"> {t.points}</span>
          </span>
          {s.explanation && <span className="explanation">{s.explanation}</span>}
        </li>
      ))}
    </ul>
  );
}
