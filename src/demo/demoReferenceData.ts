import { newId } from '../app/kernel/ids.js';
import type { Tx } from '../app/kernel/transaction.js';
import type { ReasonFacts } from '../domain/policy/facts.js';
import { bulkInsert, type ColumnTypes, type FullRow } from './bulkInsert.js';
import { CATEGORIES } from './catalogue.js';
import { CATEGORY_COLUMNS, REASON_COLUMNS } from './columns.js';
import { REASONS } from './reasons.js';

/** Rows keyed by a unique code (reasons, categories): inserted parents first, skipping codes the
 * database already has, and returned as code → id whoever created them. */
async function upsertTree<T extends 'reasons' | 'categories'>(
  tx: Tx,
  table: T,
  columns: ColumnTypes<T>,
  items: { code: string; parent: string | null }[],
  row: (item: { code: string; parent: string | null }, id: string, parentId: string | null, index: number) => FullRow<T>,
  nowMs: number,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const load = async () => {
    const existing =
      table === 'reasons'
        ? await tx.selectFrom('reasons').select(['code', 'id']).execute()
        : await tx.selectFrom('categories').select(['code', 'id']).execute();
    for (const e of existing) ids.set(e.code, e.id);
  };
  await load();
  for (const level of [items.filter((i) => !i.parent), items.filter((i) => i.parent)]) {
    const fresh = level.filter((i) => !ids.has(i.code));
    if (fresh.length === 0) continue;
    const rows = fresh.map((i) =>
      row(i, newId(table === 'reasons' ? 'rsn' : 'cat', nowMs), i.parent ? (ids.get(i.parent) ?? null) : null, items.indexOf(i)),
    );
    await bulkInsert(tx, table, columns, rows);
    await load();
  }
  return ids;
}

/** The reason catalogue and the category tree as the policy engine reads them. */
export async function policyReferenceData(tx: Tx): Promise<{ reasons: ReasonFacts[]; categoryPaths: Map<string, string[]> }> {
  const [reasonRows, categoryRows] = await Promise.all([
    tx
      .selectFrom('reasons')
      .leftJoin('reasons as parent', 'parent.id', 'reasons.parent_id')
      .select(['reasons.code', 'parent.code as parent_code', 'reasons.controllable', 'reasons.defect', 'reasons.requires_photo'])
      .execute(),
    tx.selectFrom('categories').select(['id', 'parent_id', 'code']).execute(),
  ]);
  const byId = new Map(categoryRows.map((c) => [c.id, c]));
  const categoryPaths = new Map<string, string[]>();
  for (const category of categoryRows) {
    const path: string[] = [];
    // Bounded walk, as in the app: a cycle in bad data must not hang the seeder.
    for (
      let c: typeof category | undefined = category;
      c && path.length < 20;
      c = c.parent_id ? byId.get(c.parent_id) : undefined
    )
      path.push(c.code);
    categoryPaths.set(category.code, path);
  }
  return {
    reasons: reasonRows.map((r) => ({
      code: r.code,
      parentCode: r.parent_code,
      controllable: r.controllable,
      defect: r.defect,
      requiresPhoto: r.requires_photo,
    })),
    categoryPaths,
  };
}

/** The shop's reasons and category tree, as code → id whoever created them. */
export async function addReasonsAndCategories(
  tx: Tx,
  nowMs: number,
): Promise<{ reasonIds: Map<string, string>; categoryIds: Map<string, string> }> {
  const reasonIds = await upsertTree(
    tx,
    'reasons',
    REASON_COLUMNS,
    REASONS,
    (item, id, parentId, index) => {
      const reason = REASONS[index]!;
      return {
        id,
        parent_id: parentId,
        code: item.code,
        labels: JSON.stringify(reason.labels),
        controllable: reason.controllable,
        requires_photo: reason.requiresPhoto,
        defect: reason.defect,
        active: true,
        position: index * 10,
      };
    },
    nowMs,
  );
  const categoryIds = await upsertTree(
    tx,
    'categories',
    CATEGORY_COLUMNS,
    CATEGORIES,
    (item, id, parentId, index) => ({
      id,
      parent_id: parentId,
      code: item.code,
      name: CATEGORIES[index]!.name,
      connection_id: null,
      external_id: null,
    }),
    nowMs,
  );
  return { reasonIds, categoryIds };
}
