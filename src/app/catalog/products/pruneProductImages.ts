import { sql } from 'kysely';
import { SERVED_IMAGE_PREFIX } from '../../../domain/productCatalogue.js';
import type { AppContext } from '../../kernel/context.js';
import { PRODUCT_IMAGE_ID } from './uploadProductImage.js';

/** How long an uploaded image waits for a product to be saved with it (a form left open). */
export const UNUSED_IMAGE_GRACE_MS = 24 * 3_600_000;

const BATCH = 200;

/** The addresses among `urls` a product's images or a variant's picture name. */
async function referenced(ctx: AppContext, urls: string[]): Promise<Set<string>> {
  const rows = await sql<{ url: string }>`
    select u.url from unnest(${urls}::text[]) as u(url)
    where exists (select 1 from products p where p.images @> jsonb_build_array(jsonb_build_object('url', u.url)))
       or exists (select 1 from variants v where v.image_url = u.url)`.execute(ctx.db);
  return new Set(rows.rows.map((r) => r.url));
}

/**
 * Removes product images Retour keeps that no product or variant refers to and that were stored
 * before `storedBefore`: an upload never saved on a product, or an image taken off every product.
 * Younger ones wait (the form they were uploaded from may still be open). Safe to run in several
 * processes at once: removing twice removes nothing more.
 */
export async function pruneProductImages(ctx: AppContext, opts: { storedBefore: Date }): Promise<{ removed: number }> {
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const urls = batch.map((id) => `${SERVED_IMAGE_PREFIX}${id}`);
    batch = [];
    const used = await referenced(ctx, urls);
    for (const url of urls) {
      if (used.has(url)) continue;
      await ctx.productImages.remove(url.slice(SERVED_IMAGE_PREFIX.length));
      removed += 1;
    }
  };
  for await (const image of ctx.productImages.list()) {
    if (!PRODUCT_IMAGE_ID.test(image.id) || image.storedAt >= opts.storedBefore) continue;
    batch.push(image.id);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { removed };
}
