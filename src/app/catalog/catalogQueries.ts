import type { RetourDb } from '../../db/connection.js';
import type { ProductImage } from '../../db/schema/catalog.js';
import { notFound } from '../../domain/errors.js';
import type { ShopPlatform } from '../../domain/shopPlatforms.js';
import { decodeCursor, toPage } from '../kernel/pagination.js';
import { likeLiteral } from '../kernel/searchText.js';

type ProductRow = {
  id: string;
  handle: string;
  title: string;
  brand: string | null;
  category_code: string | null;
  tags: string[];
  final_sale: boolean;
  exchange_only: boolean;
  personalised: boolean;
  hygiene_sealed: boolean;
  perishable: boolean;
  sealed_media: boolean;
  description: string | null;
  options: string[];
  images: ProductImage[];
  connection_id: string | null;
  platform: ShopPlatform | null;
  source_url: string | null;
  updated_at: Date | null;
};

function presentProduct(p: ProductRow) {
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    brand: p.brand,
    category: p.category_code,
    tags: p.tags,
    flags: {
      finalSale: p.final_sale,
      exchangeOnly: p.exchange_only,
      personalised: p.personalised,
      hygieneSealed: p.hygiene_sealed,
      perishable: p.perishable,
      sealedMedia: p.sealed_media,
    },
    description: p.description,
    options: p.options,
    // Images a platform brought may lack alt text: the answer always names it.
    images: p.images.map((i) => ({ url: i.url, alt: i.alt ?? null })),
    // A product a shop connection owns is edited on its platform; Retour shows it read-only.
    owner: p.connection_id ? { connectionId: p.connection_id, platform: p.platform, sourceUrl: p.source_url } : null,
    readOnly: p.connection_id !== null,
    updatedAt: p.updated_at,
  };
}

function productQuery(db: RetourDb) {
  return db
    .selectFrom('products')
    .leftJoin('categories', 'categories.id', 'products.category_id')
    .leftJoin('shop_connections', 'shop_connections.id', 'products.connection_id')
    .select([
      'products.id',
      'products.handle',
      'products.title',
      'products.brand',
      'categories.code as category_code',
      'products.tags',
      'products.final_sale',
      'products.exchange_only',
      'products.personalised',
      'products.hygiene_sealed',
      'products.perishable',
      'products.sealed_media',
      'products.description',
      'products.options',
      'products.images',
      'products.connection_id',
      'shop_connections.platform',
      'products.source_url',
      'products.updated_at',
    ]);
}

async function variantsOf(db: RetourDb, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db.selectFrom('variants').selectAll().where('product_id', 'in', productIds).orderBy('position').orderBy('sku').execute();
}

function presentVariant(v: Awaited<ReturnType<typeof variantsOf>>[number]) {
  return {
    id: v.id,
    sku: v.sku,
    ean: v.ean,
    title: v.title,
    options: v.options,
    priceAmount: v.price_amount,
    currency: v.currency,
    position: v.position,
    imageUrl: v.image_url,
  };
}

/** Products with their variants, filtered by text or category. */
export async function listProducts(db: RetourDb, f: { q?: string; category?: string; cursor?: string; limit: number }) {
  let q = productQuery(db);
  if (f.q) {
    const term = f.q.trim();
    const like = `%${likeLiteral(term)}%`;
    // A title fragment, or a variant's exact SKU as a scanner or a colleague types it.
    q = q.where((eb) =>
      eb.or([
        eb('products.title', 'ilike', like),
        eb('products.handle', 'ilike', like),
        eb.exists(
          eb
            .selectFrom('variants as sv')
            .select('sv.id')
            .whereRef('sv.product_id', '=', 'products.id')
            .where('sv.sku', '=', term),
        ),
      ]),
    );
  }
  if (f.category) q = q.where('categories.code', '=', f.category);
  if (f.cursor) q = q.where('products.id', '<', decodeCursor(f.cursor));
  const rows = await q
    .orderBy('products.id', 'desc')
    .limit(f.limit + 1)
    .execute();
  const page = toPage(rows, f.limit);
  const variants = await variantsOf(
    db,
    page.items.map((p) => p.id),
  );
  return {
    items: page.items.map((p) => ({
      ...presentProduct(p),
      variants: variants.filter((v) => v.product_id === p.id).map(presentVariant),
    })),
    nextCursor: page.nextCursor,
  };
}

export async function getProductDetail(db: RetourDb, productId: string) {
  const p = await productQuery(db).where('products.id', '=', productId).executeTakeFirst();
  if (!p) throw notFound('Product', productId);
  const variants = await variantsOf(db, [p.id]);
  return { ...presentProduct(p), variants: variants.map(presentVariant) };
}

/** Product categories by name, each with its parent (the tree is built by the reader). */
export async function listCategories(db: RetourDb) {
  const rows = await db
    .selectFrom('categories')
    .select(['id', 'parent_id', 'code', 'name', 'connection_id'])
    .orderBy('name')
    .execute();
  return {
    items: rows.map((c) => ({ id: c.id, parentId: c.parent_id, code: c.code, name: c.name, connectionId: c.connection_id })),
  };
}
