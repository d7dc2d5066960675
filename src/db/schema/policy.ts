import type { ExperimentStatus } from '../../domain/policy/experiment.js';
import type { PolicyVersionStatus } from '../../domain/policy/versionStatus.js';
import type { Json, Timestamp, WithDefault } from './columns.js';

/** Tables of The return policy: its versions, experiments between two of them, and exceptions for one shopper, order or return. */

export interface PolicyVersionsTable {
  id: string;
  number: number;
  name: string;
  status: PolicyVersionStatus;
  document: Json<Record<string, unknown>>;
  based_on: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_by: string | null;
  published_at: Timestamp | null;
}

export interface PolicyExperimentsTable {
  id: string;
  name: string;
  control_version_id: string;
  variant_version_id: string;
  variant_share_bp: number;
  status: ExperimentStatus;
  started_by: string | null;
  started_at: Timestamp;
  stopped_by: string | null;
  stopped_at: Timestamp | null;
}

export interface PolicyExceptionsTable {
  id: string;
  customer_id: string | null;
  order_id: string | null;
  return_id: string | null;
  effects: Json<Record<string, unknown>>;
  allow_return: WithDefault<boolean>;
  reason: string;
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
}
