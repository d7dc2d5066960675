import { newId } from '../../kernel/ids.js';
import type { Tx } from '../../kernel/transaction.js';
import type { ShopProduct } from '../connections/port.js';

/** A category code as Retour writes them (policy rules name categories by code). */
function codeOf(platformCode: string): string {
  const code = platformCode
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 40);
  return code || 'category';
}

/**
 * The connection's categories by the platform's code: made when new, renamed when the platform
 * renamed them. Each is the connection's own row (read-only in Retour); a new one takes the
 * platform's code as its code where that is free, else the code with the connection after it, so
 * a category of the shop's own or another connection's with the same code is never taken over.
 */
export async function upsertShopCategories(tx: Tx, connectionId: string, products: ShopProduct[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const p of products) if (p.category?.code) names.set(p.category.code, p.category.name || p.category.code);
  if (names.size === 0) return new Map();
  const platformCodes = [...names.keys()].sort();
  const known = await tx
    .selectFrom('categories')
    .select(['id', 'external_id', 'name'])
    .where('connection_id', '=', connectionId)
    .where('external_id', 'in', platformCodes)
    .execute();
  const ids = new Map(known.map((k) => [k.external_id as string, k.id]));
  for (const k of known) {
    const name = names.get(k.external_id as string) as string;
    if (name !== k.name) await tx.updateTable('categories').set({ name }).where('id', '=', k.id).execute();
  }
  const fresh = platformCodes.filter((c) => !ids.has(c));
  if (fresh.length === 0) return ids;
  const candidates = fresh.map((c) => [codeOf(c), `${codeOf(c)}-${connectionId}`.slice(0, 64)] as const);
  const taken = new Set(
    (await tx.selectFrom('categories').select('code').where('code', 'in', candidates.flat()).execute()).map((r) => r.code),
  );
  const rows = fresh.map((external, i) => {
    const [own, marked] = candidates[i] as readonly [string, string];
    const code = taken.has(own) ? marked : own;
    taken.add(code);
    const name = names.get(external) as string;
    return { id: newId('cat'), parent_id: null, code, name, connection_id: connectionId, external_id: external };
  });
  await tx.insertInto('categories').values(rows).execute();
  for (const r of rows) ids.set(r.external_id, r.id);
  return ids;
}
