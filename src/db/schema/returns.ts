import type { ColumnType } from 'kysely';
import type { ReturnMethod } from '../../domain/policy/vocabulary.js';
import type { RepairFallback, RepairStatus } from '../../domain/repair.js';
import type { Acceptance, Disposition, Grade, Reception, Resolution, SettlementState } from '../../domain/returnLine.js';
import type { ReturnStatus } from '../../domain/returnStatus.js';
import type { RiskSignal } from '../../domain/risk/signals.js';
import type { RoutingExplanation } from '../../domain/routing.js';
import type { Json, Timestamp, WithDefault } from './columns.js';

/** Tables of Returns and their lines, with what goes with them: reasons, notes, photos, inspection settings, feedback and repairs. */

export interface ReasonsTable {
  id: string;
  parent_id: string | null;
  code: string;
  labels: Json<Record<string, string>>;
  controllable: WithDefault<boolean>;
  requires_photo: WithDefault<boolean>;
  defect: WithDefault<boolean>;
  active: WithDefault<boolean>;
  position: WithDefault<number>;
}

export interface ReturnsTable {
  id: string;
  number: string;
  order_id: string;
  customer_id: string;
  status: ReturnStatus;
  on_hold: WithDefault<boolean>;
  hold_reasons: Json<string[]>;
  source: string;
  method: ReturnMethod | null;
  currency: string;
  policy_version: string | null;
  policy_arm: 'control' | 'variant' | null;
  experiment_id: string | null;
  /** When the shopper declared withdrawal from the contract (EU right of withdrawal), if this return is one. */
  withdrawal_declared_at: Timestamp | null;
  tracking_number: string | null;
  ship_by: Timestamp | null;
  pickup_slot_start: Timestamp | null;
  pickup_slot_end: Timestamp | null;
  /** The store the shopper brings the return to, for in-store returns. */
  store_id: string | null;
  status_reason: string | null;
  /** What the returned units were paid, in minor units: sorts and filters the queue. */
  value_amount: WithDefault<number>;
  /** The return-shipping fee the policy charged at request time; deducted once from the refund. */
  return_shipping_fee: WithDefault<number>;
  /** 0–100 from the signals in risk_signals (see src/domain/risk.ts). */
  risk_score: WithDefault<number>;
  risk_signals: ColumnType<RiskSignal[], string | undefined, string>;
  /** A risky return's money waits for the goods, whatever its lines' timing (docs/fraud.md). */
  refund_after_receipt: WithDefault<boolean>;
  /** Set by automation rules (and shown in the queue). */
  tags: ColumnType<string[], string | undefined, string>;
  /** The drop-off point the shopper chose, as the carrier described it. */
  service_point: Json<ChosenServicePoint | null>;
  /** Where routing sent the return and why (src/domain/routing.ts). */
  routing: Json<RoutingExplanation | null>;
  destination_warehouse_id: string | null;
  /** Boxes the return travels in (multi-collo). */
  parcel_count: WithDefault<number>;
  /** The carrier delivered it at the warehouse: expected at the receiving station. */
  carrier_delivered_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the retention round removed its photos, and its personal data (migration 0052). */
  photos_removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  personal_data_removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A carrier's drop-off point as stored on the return. */
export interface ChosenServicePoint {
  id: string;
  carrier: string;
  name: string;
  kind: string;
  address: { line1: string; postcode: string; city: string; country: string };
}

export interface EligibilityNote {
  code: string;
  eligible: boolean;
}

export interface ReturnLinesTable {
  id: string;
  return_id: string;
  order_line_id: string;
  quantity: number;
  reason_id: string | null;
  comment: string | null;
  requested_resolution: Resolution;
  granted_resolution: Resolution | null;
  acceptance: Acceptance;
  acceptance_reason: string | null;
  reception: Reception;
  quantity_received: WithDefault<number>;
  grade: Grade | null;
  disposition: Disposition | null;
  settlement: WithDefault<SettlementState>;
  settled_amount: WithDefault<number>;
  eligibility: Json<string[]>;
  /** The policy's full verdict on the line when it was requested (see src/domain/policy). */
  verdict: Json<Record<string, unknown> | null>;
  /** For exchanges: the variant the shopper gets instead, and its unit price when asked. */
  exchange_variant_id: string | null;
  exchange_unit_price: number | null;
  /** Inspection checklist answers by item code. */
  checklist: Json<Record<string, boolean> | null>;
  /** What the chosen disposition is expected to bring back, in minor units. */
  recovered_value: number | null;
}

export interface ReturnNotesTable {
  id: string;
  return_id: string;
  /** internal: staff only; shopper: a message to the shopper. */
  kind: 'internal' | 'shopper';
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Timestamp;
}

export interface ReturnPhotosTable {
  id: string;
  order_id: string;
  customer_id: string;
  return_line_id: string | null;
  uploaded_by: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  created_at: Timestamp;
}

export interface SavedViewsTable {
  id: string;
  owner_id: string;
  name: string;
  /** The queue's filters as query parameters. */
  filters: Json<Record<string, string>>;
  shared: WithDefault<boolean>;
  created_at: Timestamp;
}

export interface ChecklistItem {
  code: string;
  labels: Record<string, string>;
}

export interface InspectionChecklistsTable {
  id: string;
  category_id: string | null;
  items: Json<ChecklistItem[]>;
  updated_at: Timestamp;
}

export interface DispositionRulesTable {
  id: string;
  grade: Grade;
  category_id: string | null;
  disposition: Disposition;
  recovery_bp: number;
  updated_at: Timestamp;
}

export interface ReturnFeedbackTable {
  return_id: string;
  customer_id: string;
  rating: number;
  comment: string | null;
  created_at: Timestamp;
}

/** A repair granted under the legal guarantee, one per return line. */
export interface RepairsTable {
  id: string;
  return_id: string;
  return_line_id: string;
  number: string;
  status: RepairStatus;
  note: string | null;
  /** What the shopper got when it could not be repaired: replacement or refund. */
  fallback: RepairFallback | null;
  tracking_number: string | null;
  carrier: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
}
