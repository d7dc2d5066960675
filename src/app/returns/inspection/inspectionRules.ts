import type { Kysely } from 'kysely';
import type { ChecklistItem, Database } from '../../../db/schema.js';
import { categoryChain, type DispositionRule } from '../../../domain/disposition.js';

export interface InspectionRules {
  rules: DispositionRule[];
  /** By category id; the key `null` holds the default checklist. */
  checklists: Map<string | null, ChecklistItem[]>;
  parentOf: Map<string, string | null>;
}

/** Disposition rules, checklists and the category tree: a few small tables, read whole. */
export async function loadInspectionRules(db: Kysely<Database>): Promise<InspectionRules> {
  const [rules, checklists, categories] = await Promise.all([
    db.selectFrom('disposition_rules').selectAll().execute(),
    db.selectFrom('inspection_checklists').selectAll().execute(),
    db.selectFrom('categories').select(['id', 'parent_id']).execute(),
  ]);
  return {
    rules: rules.map((r) => ({
      grade: r.grade,
      categoryId: r.category_id,
      disposition: r.disposition,
      recoveryBp: r.recovery_bp,
    })),
    checklists: new Map(checklists.map((c) => [c.category_id, c.items])),
    parentOf: new Map(categories.map((c) => [c.id, c.parent_id])),
  };
}

/** The checklist for an item: its category's, else its nearest parent's, else the default. */
export function checklistFor(rules: InspectionRules, categoryId: string | null): ChecklistItem[] {
  for (const id of categoryChain(categoryId, rules.parentOf)) {
    const items = rules.checklists.get(id);
    if (items) return items;
  }
  return rules.checklists.get(null) ?? [];
}

/** Each line's product category, variant and what was paid per unit, for grading and restock. */
export async function loadLineGoods(db: Kysely<Database>, returnId: string) {
  return db
    .selectFrom('return_lines as rl')
    .innerJoin('order_lines as ol', 'ol.id', 'rl.order_line_id')
    .leftJoin('variants as v', 'v.id', 'ol.variant_id')
    .leftJoin('products as p', 'p.id', 'v.product_id')
    .leftJoin('categories as c', 'c.id', 'p.category_id')
    .select([
      'rl.id',
      'rl.quantity_received',
      'rl.reception',
      'ol.variant_id',
      'ol.quantity as ordered_quantity',
      'ol.paid_amount',
      'p.category_id',
      'c.name as category_name',
    ])
    .where('rl.return_id', '=', returnId)
    .orderBy('rl.id')
    .execute();
}
