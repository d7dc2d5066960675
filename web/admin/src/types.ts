/** The staff API's answers as the back office reads them: the types of the routes' response
 * schemas (src/http/routes/<context>/<resource>/schema.ts), never written out by hand. */

import type { ExchangeOrder, ExchangeOrderPage } from '../../../src/http/routes/exchanges/exchanges/schema.js';
import type { AccountCodes, JournalLines, Reconciliation } from '../../../src/http/routes/money/finance/schema.js';
import type { PaymentProvider, PaymentProviderList, Settlement } from '../../../src/http/routes/money/settlements/schema.js';

export type { Reason } from '../../../src/http/routes/admin/reasons/schema.js';
export type {
  CodeCredit,
  CreditAccount,
  CreditEntry,
  CustomerCredit,
} from '../../../src/http/routes/money/storeCredit/schema.js';
export type {
  ArmOutcome,
  DraftSaved,
  HypotheticalEvaluation,
  OrderEvaluation,
  PolicyException,
  PolicyExperiment,
  PolicyExperimentDetail,
  PolicyExperimentList,
  PolicyVersion,
  PolicyVersionList,
  PolicyVersionSummary,
} from '../../../src/http/routes/policy/policies/schema.js';
export type { ExplainedVerdict, SimulationReport } from '../../../src/http/routes/policy/policies/verdictSchema.js';
export type {
  BulkOutcome,
  InspectionSetup,
  ReturnCounts,
  SavedView,
  SavedViewList,
  ScanMatches,
  UploadedPhoto,
} from '../../../src/http/routes/returns/backoffice/schema.js';
export type {
  Category,
  CategoryList,
  DispositionRuleInput,
  InspectionSettings,
} from '../../../src/http/routes/returns/inspection/schema.js';
export type { Repair } from '../../../src/http/routes/returns/repairs/schema.js';
export type {
  ReturnDetail,
  ReturnLine,
  ReturnPage,
  ReturnSummary,
  RiskInfo,
  StoredLineVerdict,
} from '../../../src/http/routes/returns/returns/schema.js';
export type {
  AccountCodes,
  ExchangeOrder,
  ExchangeOrderPage,
  JournalLines,
  PaymentProvider,
  PaymentProviderList,
  Reconciliation,
  Settlement,
};
