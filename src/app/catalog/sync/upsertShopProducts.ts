import { sql } from 'kysely';
import { platformImageUrl } from '../../../domain/productCatalogue.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit, type Tx, type Unit } from '../../kernel/transaction.js';
import type { ShopProduct } from '../connections/port.js';
import type { SyncConnection } from './shopOrderRows.js';
import { upsertShopCategories } from './upsertShopCategories.js';

export interface UpsertProductsResult {
  products: number;
  variants: number;
  rejected: { externalId: string; code: string; message: string }[];
}

/** Why a product cannot come in, or null. */
function productProblem(p: ShopProduct): { code: string; message: string } | null {
  if (!p.externalId || !p.title) return { code: 'PRODUCT_INCOMPLETE', message: 'The product has no id or title' };
  const skus = new Set<string>();
  for (const v of p.variants) {
    if (!v.sku) return { code: 'SKU_MISSING', message: `Variant ${v.externalId} of "${p.title}" has no SKU` };
    if (skus.has(v.sku)) return { code: 'SKU_TWICE', message: `SKU ${v.sku} appears twice in "${p.title}"` };
    skus.add(v.sku);
    if (!Number.isInteger(v.priceAmount) || v.priceAmount < 0 || !/^[A-Za-z]{3}$/.test(v.currency ?? ''))
      return { code: 'AMOUNT_INVALID', message: `Variant ${v.sku} has a price Retour cannot take` };
  }
  return null;
}

/**
 * Brings a page of a connection's products in: products by (connection, platform id), owned by the
 * connection (read-only in Retour, edited on the platform at `source_url`), the connection's own categories,
 * option names and images in the shop's order (only addresses a page of Retour may load), variants by SKU with the platform's references and
 * picture. A variant whose SKU Retour already knew joins the platform's product. A handle another
 * product holds gets the platform id after it.
 */
export async function upsertShopProducts(
  ctx: AppContext,
  connection: SyncConnection,
  products: ShopProduct[],
  meta: CommandMeta = { actor: systemActor },
): Promise<UpsertProductsResult> {
  return inUnit(ctx, meta, (unit) => upsertShopProductsIn(unit, connection, products));
}

export async function upsertShopProductsIn(
  unit: Unit,
  connection: SyncConnection,
  products: ShopProduct[],
): Promise<UpsertProductsResult> {
  const { tx, now } = unit;
  const { valid, rejected } = validProducts(products);
  if (valid.length === 0) return { products: 0, variants: 0, rejected };

  const categoryIds = await upsertShopCategories(tx, connection.id, valid);
  const handles = await handlesFor(tx, connection.id, valid);
  const rows = valid.map((p) => ({
    id: newId('prd'),
    handle: handles.get(p.externalId) as string,
    title: p.title.slice(0, 300),
    brand: p.brand,
    category_id: p.category ? (categoryIds.get(p.category.code) ?? null) : null,
    tags: p.tags,
    connection_id: connection.id,
    external_id: p.externalId,
    source_url: p.adminUrl,
    options: p.options,
    images: p.images.flatMap((i) => {
      const url = platformImageUrl(i.url);
      return url ? [{ url, alt: i.alt }] : [];
    }),
    updated_at: now.toISOString(),
  }));
  const written = await sql<{ id: string; external_id: string }>`
    insert into products (id, handle, title, brand, category_id, tags, connection_id, external_id, source_url,
      options, images, updated_at)
    select id, handle, title, brand, category_id, tags, connection_id, external_id, source_url, options, images,
      updated_at
    from json_populate_recordset(null::products, ${JSON.stringify(rows)}::json)
    on conflict (connection_id, external_id) where connection_id is not null do update set
      title = excluded.title, brand = excluded.brand, category_id = excluded.category_id, tags = excluded.tags,
      source_url = excluded.source_url, options = excluded.options, images = excluded.images,
      updated_at = excluded.updated_at
    returning id, external_id`.execute(tx);
  const productIds = new Map(written.rows.map((r) => [r.external_id, r.id]));
  const variants = valid.flatMap((p) =>
    p.variants.map((v, i) => ({
      id: newId('var'),
      product_id: productIds.get(p.externalId) as string,
      sku: v.sku,
      ean: v.ean,
      title: (v.title || p.title).slice(0, 300),
      options: v.options,
      price_amount: v.priceAmount,
      currency: v.currency.toUpperCase(),
      position: Number.isInteger(v.position) ? v.position : i,
      external_id: v.externalId,
      external_ref: v.ref ?? {},
      image_url: platformImageUrl(v.imageUrl),
    })),
  );
  if (variants.length > 0) {
    await sql`
      insert into variants (id, product_id, sku, ean, title, options, price_amount, currency, position, external_id,
        external_ref, image_url)
      select id, product_id, sku, ean, title, options, price_amount, currency, position, external_id, external_ref,
        image_url
      from json_populate_recordset(null::variants, ${JSON.stringify(variants)}::json)
      on conflict (sku) do update set
        product_id = excluded.product_id, ean = excluded.ean, title = excluded.title, options = excluded.options,
        price_amount = excluded.price_amount, currency = excluded.currency, position = excluded.position,
        external_id = excluded.external_id, external_ref = excluded.external_ref, image_url = excluded.image_url`.execute(tx);
  }
  return { products: written.rows.length, variants: variants.length, rejected };
}

/** Products that can come in, one per platform id, in id order; a SKU two products claim refuses the later one. */
function validProducts(products: ShopProduct[]) {
  const rejected: UpsertProductsResult['rejected'] = [];
  const byId = new Map<string, ShopProduct>();
  const skuOwner = new Map<string, string>();
  for (const p of products) {
    const problem = productProblem(p);
    const clash = p.variants.find((v) => skuOwner.has(v.sku) && skuOwner.get(v.sku) !== p.externalId);
    if (problem || clash) {
      rejected.push({
        externalId: p.externalId ?? '',
        ...(problem ?? { code: 'SKU_TWICE', message: `SKU ${clash?.sku} belongs to two products` }),
      });
      continue;
    }
    for (const v of p.variants) skuOwner.set(v.sku, p.externalId);
    byId.set(p.externalId, p);
  }
  return { valid: [...byId.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : 1)), rejected };
}

/** The handle of each product: its own where free, else `<handle>-<platform id>`. Products Retour
 * has keep theirs. */
async function handlesFor(tx: Tx, connectionId: string, products: ShopProduct[]): Promise<Map<string, string>> {
  const existing = await tx
    .selectFrom('products')
    .select(['external_id', 'handle'])
    .where('connection_id', '=', connectionId)
    .where(
      'external_id',
      'in',
      products.map((p) => p.externalId),
    )
    .execute();
  const handles = new Map(existing.map((e) => [e.external_id as string, e.handle]));
  const wanted = products.filter((p) => !handles.has(p.externalId));
  if (wanted.length === 0) return handles;
  const slug = (p: ShopProduct) => (p.handle || p.externalId).toLowerCase().slice(0, 120);
  const candidates = wanted.map((p) => [slug(p), `${slug(p)}-${p.externalId}`.slice(0, 200)] as const);
  const taken = new Set(
    (await tx.selectFrom('products').select('handle').where('handle', 'in', candidates.flat()).execute()).map((r) => r.handle),
  );
  for (const [i, p] of wanted.entries()) {
    const [own, marked] = candidates[i] as readonly [string, string];
    const handle = taken.has(own) ? marked : own;
    taken.add(handle);
    handles.set(p.externalId, handle);
  }
  return handles;
}
