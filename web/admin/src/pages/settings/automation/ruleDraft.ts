import type { AutomationAction, AutomationRuleInput } from '../../../../../../src/domain/automation.js';
import type { ReturnMethod } from '../../../../../../src/domain/policy/vocabulary.js';
import type { RiskSignalCode } from '../../../../../../src/domain/risk/signals.js';
import type {
  AutomationRuleList,
  AutomationRuleView as Rule,
} from '../../../../../../src/http/routes/messaging/automation/schema.js';
import type { AutomationTexts } from './automationTexts.js';

export type { AutomationRuleList, Rule };

/** A rule as the form edits it (text fields, ticks) and back as the API takes it, and a rule's
 * conditions and actions in words. */
export interface Draft {
  name: string;
  enabled: boolean;
  trigger: AutomationRuleInput['trigger'];
  reasons: string;
  segments: string;
  channels: string;
  methods: string[];
  minValue: string;
  maxValue: string;
  minRisk: string;
  maxRisk: string;
  /** Risk signal codes: the rule holds when any of them fired on the return. */
  signals: string[];
  approve: boolean;
  review: boolean;
  refund: boolean;
  refundAfterReceipt: boolean;
  tag: string;
  notify: string;
}

export const EMPTY: Draft = {
  name: '',
  enabled: true,
  trigger: 'return.requested',
  reasons: '',
  segments: '',
  channels: '',
  methods: [],
  minValue: '',
  maxValue: '',
  minRisk: '',
  maxRisk: '',
  signals: [],
  approve: false,
  review: false,
  refund: false,
  refundAfterReceipt: false,
  tag: '',
  notify: '',
};

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const cents = (s: string) => (s.trim() === '' ? undefined : Math.round(Number(s.replace(',', '.')) * 100));
const whole = (s: string) => (s.trim() === '' ? undefined : Number(s));

export function toInput(d: Draft): AutomationRuleInput {
  const actions: AutomationAction[] = [
    ...(d.approve ? [{ type: 'approve' as const }] : []),
    ...(d.review ? [{ type: 'review' as const }] : []),
    ...(d.refund ? [{ type: 'refund' as const }] : []),
    ...(d.refundAfterReceipt ? [{ type: 'refund_after_receipt' as const }] : []),
    ...(d.tag.trim() ? [{ type: 'tag' as const, tag: d.tag.trim() }] : []),
    ...(d.notify.trim() ? [{ type: 'notify' as const, message: d.notify.trim() }] : []),
  ];
  const c = {
    reasons: list(d.reasons),
    segments: list(d.segments),
    channels: list(d.channels),
    methods: d.methods as ReturnMethod[],
    minValue: cents(d.minValue),
    maxValue: cents(d.maxValue),
    minRisk: whole(d.minRisk),
    maxRisk: whole(d.maxRisk),
    signals: d.signals as RiskSignalCode[],
  };
  const conditions = Object.fromEntries(
    Object.entries(c).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
  return { name: d.name, enabled: d.enabled, trigger: d.trigger, conditions, actions };
}

export function toDraft(r: Rule): Draft {
  const c = r.conditions;
  const euros = (v: number | undefined) => (v === undefined ? '' : String(v / 100));
  return {
    name: r.name,
    enabled: r.enabled,
    trigger: r.trigger,
    reasons: (c.reasons ?? []).join(', '),
    segments: (c.segments ?? []).join(', '),
    channels: (c.channels ?? []).join(', '),
    methods: c.methods ?? [],
    minValue: euros(c.minValue),
    maxValue: euros(c.maxValue),
    minRisk: c.minRisk === undefined ? '' : String(c.minRisk),
    maxRisk: c.maxRisk === undefined ? '' : String(c.maxRisk),
    signals: [...(c.signals ?? [])],
    approve: r.actions.some((a) => a.type === 'approve'),
    review: r.actions.some((a) => a.type === 'review'),
    refund: r.actions.some((a) => a.type === 'refund'),
    refundAfterReceipt: r.actions.some((a) => a.type === 'refund_after_receipt'),
    tag: r.actions.find((a) => a.type === 'tag')?.tag ?? '',
    notify: r.actions.find((a) => a.type === 'notify')?.message ?? '',
  };
}

/** A rule's conditions in the staff member's words: the shop's reason and channel names, segments
 * and money as they read them. */
export interface Wording {
  reason: (code: string) => string;
  channel: (code: string) => string;
  segment: (code: string) => string;
  amount: (minor: number) => string;
  signal: (code: string) => string;
}

export function describeConditions(t: AutomationTexts, r: Rule, w: Wording): string {
  const c = r.conditions;
  const parts = [
    c.reasons?.length ? c.reasons.map(w.reason).join(' / ') : null,
    c.segments?.length ? c.segments.map(w.segment).join(' / ') : null,
    c.channels?.length ? c.channels.map(w.channel).join(' / ') : null,
    c.methods?.length ? c.methods.map((m) => t[m]).join(' / ') : null,
    c.minValue !== undefined ? `≥ ${w.amount(c.minValue)}` : null,
    c.maxValue !== undefined ? `≤ ${w.amount(c.maxValue)}` : null,
    c.minRisk !== undefined ? `${t.riskAtLeast} ${c.minRisk}` : null,
    c.maxRisk !== undefined ? `${t.riskAtMost} ${c.maxRisk}` : null,
    c.signals?.length ? `${t.signalsFired}: ${c.signals.map(w.signal).join(' / ')}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : t.any;
}

export function describeActions(t: AutomationTexts, r: Rule): string {
  return r.actions
    .map((a) => (a.type === 'tag' ? `${t.tag} “${a.tag}”` : a.type === 'notify' ? `${t.notify}: ${a.message}` : t[a.type]))
    .join('; ');
}
