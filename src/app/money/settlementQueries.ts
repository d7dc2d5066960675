import type { Kysely } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import type { Database, SettlementsTable } from '../../db/schema.js';
import type { SettlementPart } from '../../domain/returnLifecycle.js';
import type { SettlementKind, SettlementStatus } from '../../domain/settlementStatus.js';
import { itemsOfReturn } from '../returns/ofReturn.js';

/** A return's settlements, oldest first, with what each was made of. */
export function listSettlements(db: RetourDb, returnId: string) {
  return itemsOfReturn(db, returnId, settlementsOf);
}

export interface SettlementView {
  id: string;
  kind: SettlementKind;
  provider: string;
  status: SettlementStatus;
  amount: number;
  currency: string;
  reference: string | null;
  providerRefundId: string | null;
  trigger: string;
  attempts: number;
  lastError: string | null;
  lines: SettlementPart[];
  breakdown: Record<string, unknown> | null;
  note: string | null;
  createdAt: string;
  succeededAt: string | null;
}

type SettlementRow = Pick<
  SettlementsTable,
  'id' | 'kind' | 'provider' | 'status' | 'amount' | 'currency' | 'reference' | 'provider_refund_id'
> & {
  attempts: number;
  trigger: string;
  last_error: string | null;
  lines: SettlementPart[];
  breakdown: Record<string, unknown> | null;
  note: string | null;
  created_at: Date;
  succeeded_at: Date | null;
};

export const presentSettlement = (s: SettlementRow): SettlementView => ({
  id: s.id,
  kind: s.kind,
  provider: s.provider,
  status: s.status,
  amount: s.amount,
  currency: s.currency,
  reference: s.reference,
  providerRefundId: s.provider_refund_id,
  trigger: s.trigger,
  attempts: s.attempts,
  lastError: s.last_error,
  lines: s.lines,
  breakdown: s.breakdown,
  note: s.note,
  createdAt: s.created_at.toISOString(),
  succeededAt: s.succeeded_at?.toISOString() ?? null,
});

export async function settlementsOf(tx: Kysely<Database>, returnId: string): Promise<SettlementView[]> {
  const rows = await tx.selectFrom('settlements').selectAll().where('return_id', '=', returnId).orderBy('id').execute();
  return rows.map(presentSettlement);
}
