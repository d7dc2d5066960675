import type { RiskLevel } from '../../../../../src/domain/risk/score.js';
import type { RiskSettings } from '../../../../../src/domain/risk/settings.js';

/** The risk API's answers as the back office reads them (docs/api: /api/v1/risk/*, the return's and
 * the customer's risk). */

export type { RiskLevel, RiskSettings };

/** A signal as a list shows it: what it measured against its threshold, its points and its sentence. */
export interface ExplainedSignal {
  code: string;
  points: number;
  strength?: number | null;
  threshold?: number | null;
  weight?: number | null;
  detail?: Record<string, unknown> | null;
  explanation: string;
}

export interface RiskQueueItem {
  id: string;
  number: string;
  status: string;
  onHold: boolean;
  createdAt: string;
  customer: { id: string; name: string | null; email: string | null } | null;
  value: number;
  currency: string;
  score: number;
  level: RiskLevel;
  signals: ExplainedSignal[];
  refundAfterReceipt: boolean;
  reviewed: boolean;
}

export interface RiskCustomerItem {
  id: string;
  name: string | null;
  email: string | null;
  segment: string;
  score: number;
  level: RiskLevel;
  signals: ExplainedSignal[];
  assessedAt: string | null;
  linked: number;
  listed: 'block' | 'allow' | null;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

export const LIST_KINDS = ['customer', 'email', 'address', 'phone', 'payment'] as const;
export type ListKind = (typeof LIST_KINDS)[number];
export type ListName = 'block' | 'allow';

export interface ListEntry {
  id: string;
  list: ListName;
  kind: ListKind;
  value: string;
  display: string;
  reason: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  until: string | null;
  removedAt: string | null;
  removedBy: string | null;
  active: boolean;
}

export interface NewListEntry {
  list: ListName;
  kind: ListKind;
  value: string | { line1: string; postcode: string; country: string };
  reason: string;
  until?: string;
}

export interface RiskSettingsView {
  settings: RiskSettings;
  customised: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  defaults: RiskSettings;
}

export interface CustomerRisk {
  score: number | null;
  level: RiskLevel | null;
  signals: ExplainedSignal[];
  assessedAt: string | null;
  linked: {
    customerId: string;
    name: string | null;
    email: string | null;
    via: string[];
    score: number | null;
    blocked: boolean;
  }[];
  lists: ListEntry[];
  history: { returnId: string; number: string; stage: string; score: number; level: RiskLevel; createdAt: string }[];
}

export interface RiskDecision {
  review: boolean;
  refundAfterReceipt: boolean;
}

export interface ReturnRiskHistory {
  id: string;
  stage: 'request' | 'inspection' | 'review' | string;
  score: number;
  level: RiskLevel;
  signals: ExplainedSignal[] | { code: string; points: number }[];
  decision: RiskDecision | null;
  actor: { type: string; id: string | null; name: string | null } | null;
  note: string | null;
  createdAt: string;
}

export interface ReturnRisk {
  score: number | null;
  level: RiskLevel | null;
  signals: ExplainedSignal[];
  decision: RiskDecision | null;
  refundAfterReceipt: boolean;
  onHoldForRisk: boolean;
  allowListed: boolean;
  history: ReturnRiskHistory[];
  law: { withinWithdrawalPeriod: boolean; sentence: string };
}
