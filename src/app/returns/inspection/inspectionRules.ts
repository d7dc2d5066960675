import type { Kysely } from 'kysely';
import type { ChecklistItem, Database } from '../../../db/schema.js';
import { categoryChain, type DispositionRule } from '../../../domain/disposition.js';
import { loadReferenceData, type ReferenceData } from '../../admin/referenceData.js';
import { compiledOnce } from '../../kernel/compiledOnce.js';
import type { AppCaches } from '../../kernel/context.js';
import { TimedValue } from '../../kernel/timedValue.js';

/** Rules and checklists change when an admin edits them, yet every line graded and every station
 * opened reads them: kept for a few seconds, dropped at once by the commands that replace them. */
const LIFETIME_MS = 5_000;

export interface InspectionRules {
  rules: DispositionRule[];
  /** By category id; the key `null` holds the default checklist. */
  checklists: Map<string | null, ChecklistItem[]>;
  parentOf: Map<string, string | null>;
}

/** What the station's own tables hold: the disposition rules and the checklists. */
type StationRules = Omit<InspectionRules, 'parentOf'>;

declare module '../../kernel/context.js' {
  interface AppCaches {
    /** Disposition rules and inspection checklists. */
    inspectionRules: TimedValue<StationRules>;
  }
}

export const inspectionRulesCache = () => new TimedValue<StationRules>(LIFETIME_MS);

async function readStationRules(db: Kysely<Database>): Promise<StationRules> {
  const [rules, checklists] = await Promise.all([
    db.selectFrom('disposition_rules').selectAll().execute(),
    db.selectFrom('inspection_checklists').selectAll().execute(),
  ]);
  return {
    rules: rules.map((r) => ({
      grade: r.grade,
      categoryId: r.category_id,
      disposition: r.disposition,
      recoveryBp: r.recovery_bp,
    })),
    checklists: new Map(checklists.map((c) => [c.category_id, c.items])),
  };
}

/** The category tree as a parent map, made once per copy of the reference data. */
const parentMaps = new WeakMap<ReferenceData['categories'], Map<string, string | null>>();

function parentMapOf(categories: ReferenceData['categories']): Map<string, string | null> {
  let parentOf = parentMaps.get(categories);
  if (!parentOf) {
    parentOf = new Map(categories.map((c) => [c.id, c.parent_id]));
    parentMaps.set(categories, parentOf);
  }
  return parentOf;
}

/** Disposition rules, checklists and the category tree, from the caches of `caches` (read through
 * `reader` when not kept: a PGlite transaction holds the only connection). */
export async function loadInspectionRules(caches: AppCaches, reader: Kysely<Database>): Promise<InspectionRules> {
  const [station, reference] = await Promise.all([
    caches.inspectionRules.get(() => readStationRules(reader)),
    loadReferenceData(caches, reader),
  ]);
  return { ...station, parentOf: parentMapOf(reference.categories) };
}

/** Drops the kept rules and checklists after they were replaced. */
export async function forgetInspectionRules(caches: AppCaches): Promise<void> {
  await caches.inspectionRules.forget();
}

/** The checklist for an item: its category's, else its nearest parent's, else the default. */
export function checklistFor(rules: InspectionRules, categoryId: string | null): ChecklistItem[] {
  for (const id of categoryChain(categoryId, rules.parentOf)) {
    const items = rules.checklists.get(id);
    if (items) return items;
  }
  return rules.checklists.get(null) ?? [];
}

/** The read of loadLineGoods, for a caller that selects more with it. Each line's goods are read
 * through its order line's key whatever the statistics say (`offset 0` keeps the planner from
 * merging the subquery into a join): joined, a table without statistics (a fresh database, PGlite,
 * a server with autovacuum off) looked like dozens of lines per return, and every order line of the
 * shop was hashed to find one. */
export function lineGoodsQuery(db: Kysely<Database>, returnId: string) {
  return db
    .selectFrom('return_lines as rl')
    .innerJoin('returns as r', 'r.id', 'rl.return_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('order_lines as ol')
          .leftJoin('variants as v', 'v.id', 'ol.variant_id')
          .leftJoin('products as p', 'p.id', 'v.product_id')
          .leftJoin('categories as c', 'c.id', 'p.category_id')
          .select([
            'ol.variant_id',
            'ol.quantity as ordered_quantity',
            'ol.paid_amount',
            'p.category_id',
            'c.name as category_name',
          ])
          .whereRef('ol.id', '=', 'rl.order_line_id')
          .offset(0)
          .as('g'),
      (join) => join.onTrue(),
    )
    .select([
      'rl.id',
      'rl.quantity_received',
      'rl.reception',
      'g.variant_id',
      'g.ordered_quantity',
      'g.paid_amount',
      'g.category_id',
      'g.category_name',
      'r.store_id',
    ])
    .where('rl.return_id', '=', returnId)
    .orderBy('rl.id');
}

/** Each line's product category, variant and what was paid per unit, for grading and restock,
 * with the store the return was brought to. */
export function loadLineGoods(db: Kysely<Database>, returnId: string) {
  return lineGoodsOfReturn(db, returnId);
}

// Built and compiled once (see compiledOnce): the station reads it for every parcel.
const lineGoodsOfReturn = compiledOnce((db: Kysely<Database>, returnId: string) => lineGoodsQuery(db, returnId));
