import { type RiskAssessment, type RiskDecision, riskLevel } from './score.js';
import { type RiskLocale, signalSentence } from './signalSentences.js';
import type { RiskSignal } from './signals.js';

/** The explanation on a return (GDPR Art. 22): a sentence per signal from its numbers, what each
 * signal measures, and one paragraph for the whole assessment saying what the score led to and
 * that a person can review it. For staff only: a shopper under review reads the existing "a person
 * will look at your return" texts, never "fraud". */

export { describeSignal, RISK_SIGNAL_UNITS, type RiskSignalUnit } from './describe.js';
export type { RiskLocale } from './signalSentences.js';

/** One plain sentence for staff: why this signal fired, with its numbers, in no code. */
export function explainSignal(signal: RiskSignal, locale: RiskLocale): string {
  return signalSentence(signal, locale);
}

/** An assessment as stored or just computed; the decision when known. */
export type ExplainableAssessment = Pick<RiskAssessment, 'score' | 'signals' | 'allowListed'> & {
  decision?: RiskDecision | null;
};

const LEVELS: Record<RiskLocale, Record<RiskAssessment['level'], string>> = {
  en: { low: 'low', medium: 'medium', high: 'high' },
  nl: { low: 'laag', medium: 'gemiddeld', high: 'hoog' },
};

function ledTo(decision: RiskDecision, locale: RiskLocale): string {
  const nl = locale === 'nl';
  if (decision.review && decision.refundAfterReceipt) {
    return nl
      ? 'Daardoor beoordeelt een medewerker de retour, en wacht de terugbetaling tot de goederen binnen zijn.'
      : 'So a person reviews the return, and the refund waits until the goods are received.';
  }
  if (decision.review) return nl ? 'Daardoor beoordeelt een medewerker de retour.' : 'So a person reviews the return.';
  if (decision.refundAfterReceipt) {
    return nl
      ? 'Daardoor wacht de terugbetaling tot de goederen binnen zijn.'
      : 'So the refund waits until the goods are received.';
  }
  return nl ? 'Dit leidde tot niets automatisch.' : 'It led to nothing automatic.';
}

/** One paragraph for the whole assessment: the score, where it came from, what it led to, and
 * that it never refuses and a person can review it. */
export function explainAssessment(assessment: ExplainableAssessment, locale: RiskLocale): string {
  const nl = locale === 'nl';
  const level = LEVELS[locale][riskLevel(assessment.score)];
  const fired = assessment.signals.filter((s) => s.points !== 0 || s.code === 'BRACKETING');
  const parts: string[] = [];
  if (assessment.allowListed) {
    parts.push(
      nl
        ? 'De klant staat op de toestaanlijst, dus de risicoscore is 0; de signalen zijn bewaard ter informatie.'
        : 'The customer is on the allow list, so the risk score is 0; the signals are kept for the record.',
    );
  } else {
    parts.push(nl ? `Risicoscore ${assessment.score} van 100 (${level}).` : `Risk score ${assessment.score} of 100 (${level}).`);
  }
  if (fired.length === 0) parts.push(nl ? 'Geen signaal sloeg aan.' : 'No signal fired.');
  else parts.push(...fired.map((s) => signalSentence(s, locale)));
  if (assessment.decision) parts.push(ledTo(assessment.decision, locale));
  parts.push(
    nl
      ? 'Een score weigert nooit een retour; een medewerker kan de beoordeling bekijken, bevestigen of opheffen.'
      : 'A score never refuses a return; a person can look at this assessment, confirm it or clear it.',
  );
  return parts.join(' ');
}
