/** The risk API's answers as the back office reads them: the types of its response schemas. */

import type { RiskSettings } from '../../../../../src/domain/risk/settings.js';
import {
  type CustomerRisk,
  type ExplainedSignal,
  type RiskListEntry as ListEntry,
  type AddRiskListEntry as NewListEntry,
  type ReturnRisk,
  RISK_LIST_KINDS,
  type RiskCustomer as RiskCustomerItem,
  type RiskQueueReturn as RiskQueueItem,
  type RiskSettingsAnswer as RiskSettingsView,
} from '../../../../../src/http/routes/risk/schema.js';

export type {
  CustomerRisk,
  ExplainedSignal,
  ListEntry,
  NewListEntry,
  ReturnRisk,
  RiskCustomerItem,
  RiskQueueItem,
  RiskSettings,
  RiskSettingsView,
};
export type ReturnRiskHistory = ReturnRisk['history'][number];
export type ListKind = ListEntry['kind'];
export type ListName = ListEntry['list'];
export const LIST_KINDS = RISK_LIST_KINDS;

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}
