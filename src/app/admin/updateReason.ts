import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { invalidateReferenceData } from './referenceData.js';
import { listReasons, type presentReason } from './settingsLists.js';

export interface UpdateReasonInput {
  reasonId: string;
  labels?: Record<string, string>;
  /** null moves the reason to the top level. */
  parentCode?: string | null;
  controllable?: boolean;
  requiresPhoto?: boolean;
  defect?: boolean;
  /** An inactive reason is no longer offered to shoppers; returns that used it keep it. */
  active?: boolean;
  position?: number;
}

type Reason = ReturnType<typeof presentReason>;
const FIELDS = ['labels', 'parentCode', 'controllable', 'requiresPhoto', 'defect', 'active', 'position'] as const;

/** Changes a reason (only the fields given). Reasons are never deleted: returns refer to them, so
 * one that is no longer wanted is made inactive. */
export async function updateReason(ctx: AppContext, meta: CommandMeta, input: UpdateReasonInput) {
  const result = await inUnit(ctx, meta, async ({ tx, record }) => {
    // Moving under a parent locks the whole tree first, before the reason's own row, so two
    // moves always take their locks in the same order.
    const tree = input.parentCode ? await lockTree(tx) : null;
    const row = await tx
      .selectFrom('reasons')
      .select(['id', 'parent_id'])
      .where('id', '=', input.reasonId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Reason', input.reasonId);
    const [before] = (await listReasons(tx, { id: row.id })) as [Reason];

    let parentId = row.parent_id;
    if (input.parentCode === null) parentId = null;
    else if (input.parentCode && tree) parentId = checkedParent(tree, row.id, input.parentCode);
    const set = {
      ...(input.labels !== undefined ? { labels: JSON.stringify(input.labels) } : {}),
      ...(parentId !== row.parent_id ? { parent_id: parentId } : {}),
      ...(input.controllable !== undefined ? { controllable: input.controllable } : {}),
      ...(input.requiresPhoto !== undefined ? { requires_photo: input.requiresPhoto } : {}),
      ...(input.defect !== undefined ? { defect: input.defect } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    };
    if (Object.keys(set).length > 0) await tx.updateTable('reasons').set(set).where('id', '=', row.id).execute();
    const [after] = (await listReasons(tx, { id: row.id })) as [Reason];

    const changed = FIELDS.filter((k) => input[k] !== undefined && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length > 0) {
      record({
        type: 'reason.updated',
        subjectType: 'reason',
        subjectId: row.id,
        data: { code: after.code, changed: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) },
      });
    }
    return { reason: after, changed: changed.length > 0 };
  });
  // After commit: a copy dropped earlier could be refilled from the old state.
  if (result.changed) await invalidateReferenceData(ctx.caches);
  return result.reason;
}

type Tree = { id: string; code: string; parent_id: string | null }[];

/** Two moves that are each fine alone (A under B, B under A) would together make a loop, so a
 * move holds every reason until it commits. */
function lockTree(tx: Parameters<typeof listReasons>[0]): Promise<Tree> {
  return tx.selectFrom('reasons').select(['id', 'code', 'parent_id']).orderBy('id').forNoKeyUpdate().execute();
}

/** The id of the new parent, refusing one that would make the tree a loop: the reason itself or
 * one of its descendants. */
function checkedParent(all: Tree, reasonId: string, parentCode: string): string {
  const parent = all.find((r) => r.code === parentCode);
  if (!parent) {
    throw new RetourError('invalid', 'PARENT_REASON_NOT_FOUND', `Reason ${parentCode} does not exist`, [
      { path: 'parentCode', message: 'no reason with this code' },
    ]);
  }
  const parentOf = new Map(all.map((r) => [r.id, r.parent_id]));
  const seen = new Set<string>();
  for (let at: string | null = parent.id; at !== null && !seen.has(at); at = parentOf.get(at) ?? null) {
    if (at === reasonId) {
      throw new RetourError(
        'invalid',
        'REASON_CYCLE',
        parent.id === reasonId ? 'A reason cannot be its own parent' : `${parentCode} is nested under this reason`,
        [{ path: 'parentCode', message: 'the reason itself or one of its sub-reasons' }],
      );
    }
    seen.add(at);
  }
  return parent.id;
}
