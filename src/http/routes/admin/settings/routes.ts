import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getShopSettings } from '../../../../app/admin/shopSettings.js';
import { updateShopSettings } from '../../../../app/admin/updateShopSettings.js';
import { addressSchema } from '../../../../app/catalog/importOrders.js';
import type { AppContext } from '../../../../app/kernel/context.js';
import { SHOPPER_LOCALES } from '../../../../domain/policy/messages.js';
import { staff } from '../../../access.js';
import { runCommand } from '../../../idempotencyHooks.js';

/** A logo is an https address or a path on this server: never a script or data URL. */
const logoUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https:\/\/[^\s"'<>]+$/i.test(u) || /^\/[^\s"'<>/][^\s"'<>]*$/.test(u), 'an https:// address or a /path');

export const shopSettingsPatch = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  timezone: z.string().trim().min(1).max(64).optional(),
  defaultLocale: z.enum(SHOPPER_LOCALES).optional(),
  locales: z
    .array(z.enum(SHOPPER_LOCALES))
    .min(1)
    .max(SHOPPER_LOCALES.length)
    .refine((l) => new Set(l).size === l.length, 'each language once')
    .optional(),
  shipByDays: z.number().int().min(1).max(365).optional(),
  storeCreditValidityDays: z.number().int().min(1).max(3650).nullish(),
  exchangeSurplus: z.enum(['refund', 'store_credit']).optional(),
  instantExchangeUnreturned: z.enum(['charge', 'review']).optional(),
  returnAddress: addressSchema.nullish(),
  logoUrl: logoUrl.nullish(),
  brandColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
    .nullish(),
  supportEmail: z.email().max(254).nullish(),
});

/** The shop's own settings: name, languages, time zone, return address and brand. */
export function settingsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['settings'];

  r.get('/api/v1/settings/shop', {
    schema: { tags, summary: "The shop's settings" },
    config: { access: staff('settings.read') },
    handler: () => getShopSettings(ctx.db),
  });
  r.patch('/api/v1/settings/shop', {
    schema: { tags, summary: "Change the shop's settings (only the fields given)", body: shopSettingsPatch },
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
