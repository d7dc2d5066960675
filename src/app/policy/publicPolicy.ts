import { localDate } from '../../domain/calendar.js';
import { RetourError } from '../../domain/errors.js';
import type { ShopperLocale } from '../../domain/policy/messages.js';
import { publicRules } from '../../domain/policy/publicRules.js';
import { getShopSettings } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { loadPolicyVersion } from './policyVersions.js';

/** What the shop's policy page shows, taken from the active published version so the page can
 * never disagree with the policy that judges returns: the standard terms and the rules the shop
 * publishes (rules marked not public stay internal). */
export async function getPublicPolicy(ctx: AppContext, options: { locale: ShopperLocale }) {
  const settings = await getShopSettings(ctx.db);
  const version = settings.activePolicyVersionId
    ? await loadPolicyVersion(ctx.db, settings.activePolicyVersionId, ctx.caches)
    : null;
  if (!version) throw new RetourError('not_found', 'NO_ACTIVE_POLICY', 'No return policy has been published');
  const d = version.document.defaults;
  const fee = d.returnShippingFee;
  return {
    shopName: settings.name,
    currency: settings.currency,
    version: version.number,
    window: d.window,
    resolutions: d.resolutions,
    methods: d.methods.map((m) => ({ method: m, fee: fee ? (fee.perMethod[m] ?? fee.amount) : 0 })),
    feeWaivers: d.feeWaivers ?? null,
    restockingFee: d.restockingFee ?? null,
    bonus: d.bonus ?? null,
    keepItemBelow: d.keepItem?.valueBelow ?? null,
    locale: options.locale,
    rules: publicRules(version.document.rules, {
      locale: options.locale,
      defaultLocale: settings.defaultLocale,
      today: localDate(ctx.now(), settings.timezone),
    }),
  };
}
