import { notFound, RetourError } from '../../domain/errors.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { newId } from '../kernel/ids.js';
import { inUnit } from '../kernel/transaction.js';
import { invalidateReferenceData } from './referenceData.js';

export interface CreateReasonInput {
  code: string;
  parentCode?: string | null;
  labels: Record<string, string>;
  controllable: boolean;
  requiresPhoto?: boolean;
  /** Reports a defect: after the return window the line goes to the legal-guarantee flow. */
  defect?: boolean;
  position?: number;
}

/** Adds a return reason to the catalogue, optionally under a parent (e.g. Fit → Too small). */
export async function createReason(ctx: AppContext, meta: CommandMeta, input: CreateReasonInput) {
  const result = await inUnit(ctx, meta, async ({ tx, record }) => {
    const taken = await tx.selectFrom('reasons').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) {
      throw new RetourError('conflict', 'REASON_CODE_TAKEN', `Reason ${input.code} exists`, [
        { path: 'code', message: 'already in use' },
      ]);
    }
    let parentId: string | null = null;
    if (input.parentCode) {
      const parent = await tx.selectFrom('reasons').select('id').where('code', '=', input.parentCode).executeTakeFirst();
      if (!parent) throw notFound('Reason', input.parentCode);
      parentId = parent.id;
    }
    const id = newId('rsn');
    await tx
      .insertInto('reasons')
      .values({
        id,
        parent_id: parentId,
        code: input.code,
        labels: JSON.stringify(input.labels),
        controllable: input.controllable,
        requires_photo: input.requiresPhoto ?? false,
        defect: input.defect ?? false,
        position: input.position ?? 0,
      })
      .execute();
    record({ type: 'reason.created', subjectType: 'reason', subjectId: id, data: { code: input.code } });
    return { id };
  });
  // After commit: a copy dropped earlier could be refilled from the old state.
  await invalidateReferenceData(ctx.caches);
  return result;
}
