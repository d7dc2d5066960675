import type { FastifyRequest } from 'fastify';
import { getShopSettingsCached } from '../app/admin/shopSettings.js';
import type { AppContext } from '../app/kernel/context.js';
import { pickLocale, type ShopperLocale } from '../domain/policy/messages.js';

/** The language of explanations: asked for, else the browser's, else the shop's. */
export async function localeFor(ctx: AppContext, req: FastifyRequest, asked?: ShopperLocale): Promise<ShopperLocale> {
  if (asked) return asked;
  const settings = await getShopSettingsCached(ctx.caches, ctx.db);
  const header = req.headers['accept-language'];
  return pickLocale(typeof header === 'string' ? header : null, pickLocale(settings.defaultLocale, 'en'));
}
