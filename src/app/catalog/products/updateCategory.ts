import { notFound, RetourError } from '../../../domain/errors.js';
import { makesCategoryCycle } from '../../../domain/productCatalogue.js';
import { invalidateReferenceData } from '../../admin/referenceData.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { categoryIdOf } from './productRules.js';

/** Renames a category or moves it under another parent (never under itself or its own children).
 * Its code stays: policy rules name categories by code. A category a shop connection brought in is
 * the platform's, as its products are. */
export async function updateCategory(
  ctx: AppContext,
  meta: CommandMeta,
  input: { categoryId: string; name?: string; parent?: string | null },
) {
  const result = await inUnit(ctx, meta, async ({ tx, record }) => {
    const all = await tx.selectFrom('categories').selectAll().orderBy('id').forUpdate().execute();
    const row = all.find((c) => c.id === input.categoryId);
    if (!row) throw notFound('Category', input.categoryId);
    if (row.connection_id) {
      throw new RetourError(
        'conflict',
        'CATEGORY_OWNED_BY_CONNECTION',
        'A shop connection brought this category in: change it on the platform, the change comes back by sync',
        [],
        { connectionId: row.connection_id },
      );
    }
    const parentId = input.parent !== undefined ? await categoryIdOf(tx, input.parent, 'parent') : row.parent_id;
    if (makesCategoryCycle(all, row.id, parentId)) {
      throw new RetourError('invalid', 'CATEGORY_CYCLE', 'A category cannot sit under itself or one of its own subcategories', [
        { path: 'parent', message: 'is this category or one below it', code: 'CATEGORY_CYCLE' },
      ]);
    }
    const name = input.name ?? row.name;
    const changed = name !== row.name || parentId !== row.parent_id;
    if (changed) {
      await tx.updateTable('categories').set({ name, parent_id: parentId }).where('id', '=', row.id).execute();
      const codeOf = (id: string | null) => all.find((c) => c.id === id)?.code ?? null;
      record({
        type: 'category.updated',
        subjectType: 'category',
        subjectId: row.id,
        data: {
          code: row.code,
          ...(name !== row.name ? { name: { from: row.name, to: name } } : {}),
          ...(parentId !== row.parent_id ? { parent: { from: codeOf(row.parent_id), to: codeOf(parentId) } } : {}),
        },
      });
    }
    return { category: { id: row.id, code: row.code, name, parentId }, changed };
  });
  if (result.changed) await invalidateReferenceData(ctx.caches);
  return result.category;
}
