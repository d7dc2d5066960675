import { RetourError } from '../../../domain/errors.js';
import { invalidateReferenceData } from '../../admin/referenceData.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import { categoryIdOf, uniqueKeyConflict } from './productRules.js';

/** Adds a product category, under a parent category or at the top. */
export async function createCategory(
  ctx: AppContext,
  meta: CommandMeta,
  input: { code: string; name: string; parent?: string | null },
) {
  const created = await inUnit(ctx, meta, async ({ tx, record }) => {
    const taken = await tx.selectFrom('categories').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) {
      throw new RetourError('conflict', 'CATEGORY_CODE_TAKEN', `Category ${input.code} exists`, [
        { path: 'code', message: 'already in use', code: 'CATEGORY_CODE_TAKEN' },
      ]);
    }
    const parentId = await categoryIdOf(tx, input.parent, 'parent');
    const id = newId('cat');
    await tx.insertInto('categories').values({ id, code: input.code, name: input.name, parent_id: parentId }).execute();
    record({
      type: 'category.created',
      subjectType: 'category',
      subjectId: id,
      data: { code: input.code, name: input.name, parent: input.parent ?? null },
    });
    return { id, code: input.code, name: input.name, parentId };
  }).catch((err) => {
    throw uniqueKeyConflict(err);
  });
  // After commit: policy checks read the category tree from this cache.
  await invalidateReferenceData(ctx.caches);
  return created;
}
