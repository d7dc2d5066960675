import type { RetourDb } from '../../../db/connection.js';
import { categoryChain, suggestDisposition } from '../../../domain/disposition.js';
import { notFound } from '../../../domain/errors.js';
import { GRADES } from '../../../domain/returnLifecycle.js';
import { listWarehousesCached } from '../../catalog/warehouseList.js';
import type { AppCaches } from '../../kernel/context.js';
import { checklistFor, loadInspectionRules, loadLineGoods } from './inspectionRules.js';

/** What the inspection station shows per line: the category's checklist and, for every grade,
 * the disposition the rules suggest and the value it would recover. The station opens it for
 * every parcel: the rules and warehouses come from the caches, the lines and the return's store in
 * one read. */
export async function getInspectionSetup(db: RetourDb, caches: AppCaches, returnId: string) {
  const [rules, goods, warehouses] = await Promise.all([
    loadInspectionRules(caches, db),
    loadLineGoods(db, returnId),
    listWarehousesCached(caches, db),
  ]);
  // Every return has a line: only when none was read is the return itself looked for.
  let storeId: string | null = goods[0]?.store_id ?? null;
  if (goods.length === 0) {
    const ret = await db.selectFrom('returns').select('store_id').where('id', '=', returnId).executeTakeFirst();
    if (!ret) throw notFound('Return', returnId);
    storeId = ret.store_id;
  }
  const fallback = warehouses.find((w) => w.id === storeId) ?? warehouses.find((w) => w.is_default) ?? warehouses[0];
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
