import { EVENT_LABELS } from './labels/eventLabels.js';
import {
  ARM_LABELS,
  CREDIT_ENTRY_LABELS,
  EXCHANGE_STATUS_LABELS,
  HOLD_REASON_LABELS,
  MOVEMENT_WORDS,
  POLICY_STATUS_LABELS,
  PROVIDER_LABELS,
  ROLE_LABELS,
  SEGMENT_LABELS,
  SETTLEMENT_KIND_LABELS,
  SETTLEMENT_STATUS_LABELS,
  WAREHOUSE_KIND_LABELS,
} from './labels/moneyLabels.js';
import {
  ACCEPTANCE_LABELS,
  DISPOSITION_LABELS,
  LINE_SETTLEMENT_LABELS,
  METHOD_LABELS,
  RECEPTION_LABELS,
  RESOLUTION_LABELS,
  RETURN_STATUS_LABELS,
  SOURCE_LABELS,
  STOCK_CONDITION_LABELS,
  STOCK_KIND_LABELS,
} from './labels/returnLabels.js';
import {
  RISK_SIGNAL_LABELS,
  VERDICT_CODE_LABELS,
  VERDICT_SEVERITY_LABELS,
  VERDICT_SOURCE_LABELS,
} from './labels/verdictLabels.js';
import type { Lang } from './langs.js';

export * from './labels/eventLabels.js';
export * from './labels/moneyLabels.js';
export * from './labels/returnLabels.js';
export * from './labels/verdictLabels.js';

/** A code nobody has labelled yet (e.g. from a newer server) still reads as words, not as a code. */
export function humanise(code: string): string {
  const words = code
    .replace(/^[a-z_]+\./, '')
    .replace(/[._]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function lookup(table: Record<Lang, Record<string, string>>, lang: Lang) {
  return (code: string | null | undefined): string => {
    if (code === null || code === undefined || code === '') return '—';
    return table[lang][code] ?? humanise(code);
  };
}

/** The labels of every kind of code, in one language. */
export function labelsFor(lang: Lang) {
  return {
    status: lookup(RETURN_STATUS_LABELS, lang),
    resolution: lookup(RESOLUTION_LABELS, lang),
    decision: lookup(ACCEPTANCE_LABELS, lang),
    reception: lookup(RECEPTION_LABELS, lang),
    disposition: lookup(DISPOSITION_LABELS, lang),
    lineSettlement: lookup(LINE_SETTLEMENT_LABELS, lang),
    method: lookup(METHOD_LABELS, lang),
    source: lookup(SOURCE_LABELS, lang),
    stockCondition: lookup(STOCK_CONDITION_LABELS, lang),
    stockKind: lookup(STOCK_KIND_LABELS, lang),
    settlementKind: lookup(SETTLEMENT_KIND_LABELS, lang),
    settlementStatus: lookup(SETTLEMENT_STATUS_LABELS, lang),
    provider: lookup(PROVIDER_LABELS, lang),
    exchangeStatus: lookup(EXCHANGE_STATUS_LABELS, lang),
    verdictCode: lookup(VERDICT_CODE_LABELS, lang),
    severity: lookup(VERDICT_SEVERITY_LABELS, lang),
    /** A rule's id stays as it is: the shop named it. */
    verdictSource: (source: string) => VERDICT_SOURCE_LABELS[lang][source as 'defaults'] ?? source,
    riskSignal: lookup(RISK_SIGNAL_LABELS, lang),
    event: lookup(EVENT_LABELS, lang),
    role: lookup(ROLE_LABELS, lang),
    arm: lookup(ARM_LABELS, lang),
    holdReason: (reason: string) => HOLD_REASON_LABELS[lang][reason as 'instant_exchange_unreturned'] ?? reason,
    segment: (code: string) => SEGMENT_LABELS[lang][code as 'vip'] ?? code,
    policyStatus: lookup(POLICY_STATUS_LABELS, lang),
    warehouseKind: lookup(WAREHOUSE_KIND_LABELS, lang),
    /** A line of the finance journal (src/app/money/finance/financeJournal.ts): a settlement kind, or
     * refund_<provider>, exchange_payment_<provider>, exchange_charge_<provider>, store_credit_<entry>. */
    financeMovement: (movement: string): string => {
      const words = MOVEMENT_WORDS[lang];
      const provider = lookup(PROVIDER_LABELS, lang);
      const m = /^(refund|exchange_payment|exchange_charge|store_credit)_(.+)$/.exec(movement);
      if (!m?.[1] || !m[2] || SETTLEMENT_KIND_LABELS[lang][movement as 'refund'])
        return lookup(SETTLEMENT_KIND_LABELS, lang)(movement);
      if (m[1] === 'store_credit') return `${words.storeCredit}: ${lookup(CREDIT_ENTRY_LABELS, lang)(m[2]).toLowerCase()}`;
      const what = m[1] === 'refund' ? words.refund : m[1] === 'exchange_payment' ? words.exchangePayment : words.exchangeCharge;
      return `${what} (${provider(m[2])})`;
    },
  };
}
export type Labels = ReturnType<typeof labelsFor>;
