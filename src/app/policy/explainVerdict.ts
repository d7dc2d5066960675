import type { PolicyVerdict, VerdictReason } from '../../domain/policy/evaluate.js';
import { explainCode, type ShopperLocale } from '../../domain/policy/messages.js';

type Explained<T> = T & { message: string };

/** The verdict with a plain sentence beside every reason, in the shopper's language. */
export function explainVerdict(verdict: PolicyVerdict, locale: ShopperLocale) {
  const explain = (r: VerdictReason): Explained<VerdictReason> => ({ ...r, message: explainCode(r.code, locale, r.params) });
  return {
    ...verdict,
    locale,
    reasons: verdict.reasons.map(explain),
    lines: verdict.lines.map((l) => ({ ...l, reasons: l.reasons.map(explain) })),
  };
}
