import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getShopSettings } from '../../../../app/admin/shopSettings.js';
import { updateShopSettings } from '../../../../app/admin/updateShopSettings.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';
import { shopSettings, shopSettingsPatch } from './schema.js';

/** The shop's own settings: name, languages, time zone, return address and brand. */
export function settingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];

  r.get('/api/v1/settings/shop', {
    schema: { tags, summary: "The shop's settings", response: { 200: shopSettings } },
    config: { access: staff('settings.read') },
    handler: () => getShopSettings(ctx.db),
  });
  r.patch('/api/v1/settings/shop', {
    schema: {
      tags,
      summary: "Change the shop's settings (only the fields given)",
      body: shopSettingsPatch,
      response: { 200: shopSettings },
    },
    config: { access: staff('settings.manage') },
    handler: (req, reply) =>
      runCommand(req, reply, 200, (meta) =>
        updateShopSettings(ctx, meta, {
          ...req.body,
          returnAddress: req.body.returnAddress === undefined ? undefined : (req.body.returnAddress ?? null),
          logoUrl: req.body.logoUrl === undefined ? undefined : (req.body.logoUrl ?? null),
          brandColor: req.body.brandColor === undefined ? undefined : (req.body.brandColor ?? null),
          supportEmail: req.body.supportEmail === undefined ? undefined : (req.body.supportEmail ?? null),
        }),
      ),
  });
}
