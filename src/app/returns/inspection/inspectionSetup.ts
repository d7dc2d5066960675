import type { RetourDb } from '../../../db/connection.js';
import { categoryChain, suggestDisposition } from '../../../domain/disposition.js';
import { notFound } from '../../../domain/errors.js';
import { GRADES } from '../../../domain/returnLifecycle.js';
import { checklistFor, loadInspectionRules, loadLineGoods } from './inspectionRules.js';

/** What the inspection station shows per line: the category's checklist and, for every grade,
 * the disposition the rules suggest and the value it would recover. */
export async function getInspectionSetup(db: RetourDb, returnId: string) {
  const ret = await db.selectFrom('returns').select(['id', 'store_id']).where('id', '=', returnId).executeTakeFirst();
  if (!ret) throw notFound('Return', returnId);
  const [rules, goods, warehouses] = await Promise.all([
    loadInspectionRules(db),
    loadLineGoods(db, returnId),
    db.selectFrom('warehouses').select(['id', 'code', 'name', 'kind', 'is_default']).orderBy('code').execute(),
  ]);
  const fallback = warehouses.find((w) => w.id === ret.store_id) ?? warehouses.find((w) => w.is_default) ?? warehouses[0];
  return {
    returnId,
    warehouseId: fallback?.id ?? null,
    warehouses: warehouses.map((w) => ({ id: w.id, code: w.code, name: w.name, kind: w.kind })),
    lines: goods.map((g) => {
      const chain = categoryChain(g.category_id, rules.parentOf);
      return {
        returnLineId: g.id,
        category: g.category_id ? { id: g.category_id, name: g.category_name } : null,
        variantId: g.variant_id,
        checklist: checklistFor(rules, g.category_id),
        suggestions: GRADES.map((grade) => {
          const rule = suggestDisposition(rules.rules, grade, chain);
          return { grade, disposition: rule?.disposition ?? null, recoveryBp: rule?.recoveryBp ?? null };
        }),
      };
    }),
  };
}
