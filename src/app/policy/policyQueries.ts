import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { parsePolicyDocument } from '../../domain/policy/document.js';
import type { ExperimentStatus } from '../../domain/policy/experiment.js';

/** Policy versions, newest first, without their documents; `active` marks the one in force. */
export async function listPolicyVersions(db: RetourDb) {
  const [rows, settings] = await Promise.all([
    db
      .selectFrom('policy_versions')
      .select([
        'id',
        'number',
        'name',
        'status',
        'based_on',
        'created_by',
        'created_at',
        'updated_at',
        'published_by',
        'published_at',
      ])
      .orderBy('number', 'desc')
      .execute(),
    db.selectFrom('shop_settings').select('active_policy_version_id').where('id', '=', 'default').executeTakeFirstOrThrow(),
  ]);
  return {
    activeVersionId: settings.active_policy_version_id,
    items: rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      status: r.status,
      active: r.id === settings.active_policy_version_id,
      basedOn: r.based_on,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      publishedBy: r.published_by,
      publishedAt: r.published_at?.toISOString() ?? null,
    })),
  };
}

/** One version with its document (defaults filled in). */
export async function getPolicyVersion(db: RetourDb, id: string) {
  const [row, settings] = await Promise.all([
    db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst(),
    db.selectFrom('shop_settings').select('active_policy_version_id').where('id', '=', 'default').executeTakeFirstOrThrow(),
  ]);
  if (!row) throw notFound('Policy version', id);
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    status: row.status,
    active: row.id === settings.active_policy_version_id,
    basedOn: row.based_on,
    notes: row.notes,
    document: parsePolicyDocument(row.document),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    publishedBy: row.published_by,
    publishedAt: row.published_at?.toISOString() ?? null,
  };
}

function presentExperiment(e: {
  id: string;
  name: string;
  control_version_id: string;
  variant_version_id: string;
  variant_share_bp: number;
  status: ExperimentStatus;
  started_by: string | null;
  started_at: Date;
  stopped_by: string | null;
  stopped_at: Date | null;
}) {
  return {
    id: e.id,
    name: e.name,
    status: e.status,
    controlVersionId: e.control_version_id,
    variantVersionId: e.variant_version_id,
    variantPercent: e.variant_share_bp / 100,
    startedBy: e.started_by,
    startedAt: e.started_at.toISOString(),
    stoppedBy: e.stopped_by,
    stoppedAt: e.stopped_at?.toISOString() ?? null,
  };
}

export async function listPolicyExperiments(db: RetourDb) {
  const rows = await db.selectFrom('policy_experiments').selectAll().orderBy('started_at', 'desc').execute();
  return { items: rows.map(presentExperiment) };
}

/** An experiment with the outcomes of each arm, so the two policies can be compared: returns and
 * lines judged, how many went to review, were refused later, the split of resolutions chosen and
 * granted, fees and bonus promised. */
export async function getPolicyExperiment(db: RetourDb, id: string) {
  const row = await db.selectFrom('policy_experiments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Experiment', id);
  const arms = await db
    .selectFrom('returns')
    .innerJoin('return_lines', 'return_lines.return_id', 'returns.id')
    .select([
      'returns.policy_arm as arm',
      sql<number>`count(distinct returns.id)::int`.as('returns'),
      sql<number>`count(*)::int`.as('lines'),
      sql<number>`count(*) filter (where return_lines.acceptance = 'manual_review')::int`.as('in_review'),
      sql<number>`count(*) filter (where return_lines.acceptance = 'rejected')::int`.as('rejected'),
      sql<number>`count(distinct returns.id) filter (where returns.status = 'cancelled')::int`.as('cancelled'),
      sql<number>`count(*) filter (where return_lines.requested_resolution = 'refund')::int`.as('refund'),
      sql<number>`count(*) filter (where return_lines.requested_resolution = 'store_credit')::int`.as('store_credit'),
      sql<number>`count(*) filter (where return_lines.requested_resolution = 'exchange')::int`.as('exchange'),
      sql<number>`coalesce(sum((return_lines.verdict->>'value')::bigint), 0)::bigint`.as('value'),
      sql<number>`coalesce(sum((return_lines.verdict->>'restockingFee')::bigint), 0)::bigint`.as('restocking_fees'),
      sql<number>`coalesce(sum((return_lines.verdict->'bonus'->>return_lines.requested_resolution)::bigint), 0)::bigint`.as(
        'bonus',
      ),
    ])
    .where('returns.experiment_id', '=', id)
    .groupBy('returns.policy_arm')
    .execute();
  const arm = (name: 'control' | 'variant') => {
    const a = arms.find((r) => r.arm === name);
    const lines = a?.lines ?? 0;
    const share = (n: number) => (lines > 0 ? Math.round((n / lines) * 1000) / 10 : 0);
    return {
      versionId: name === 'control' ? row.control_version_id : row.variant_version_id,
      returns: a?.returns ?? 0,
      lines,
      inReview: a?.in_review ?? 0,
      rejected: a?.rejected ?? 0,
      cancelledReturns: a?.cancelled ?? 0,
      resolutions: { refund: a?.refund ?? 0, store_credit: a?.store_credit ?? 0, exchange: a?.exchange ?? 0 },
      resolutionShare: {
        refund: share(a?.refund ?? 0),
        store_credit: share(a?.store_credit ?? 0),
        exchange: share(a?.exchange ?? 0),
      },
      value: a?.value ?? 0,
      restockingFees: a?.restocking_fees ?? 0,
      bonus: a?.bonus ?? 0,
    };
  };
  return { ...presentExperiment(row), results: { control: arm('control'), variant: arm('variant') } };
}

/** Exceptions for a customer, order or return (all when no filter), newest first. */
export async function listPolicyExceptions(db: RetourDb, f: { customerId?: string; orderId?: string; returnId?: string }) {
  let q = db.selectFrom('policy_exceptions').selectAll();
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.orderId) q = q.where('order_id', '=', f.orderId);
  if (f.returnId) q = q.where('return_id', '=', f.returnId);
  const rows = await q.orderBy('created_at', 'desc').limit(500).execute();
  return {
    items: rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      orderId: r.order_id,
      returnId: r.return_id,
      effects: r.effects,
      allowReturn: r.allow_return,
      reason: r.reason,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at?.toISOString() ?? null,
      revokedBy: r.revoked_by,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    })),
  };
}
