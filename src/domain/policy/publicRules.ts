import type { PolicyRule } from './document.js';
import type { ShopperLocale } from './messages.js';

export interface PublicRule {
  name: string;
  description: string | null;
}

/**
 * The rules a policy page shows: enabled, public, and not over. A rule for orders placed up to a
 * date that has passed (a holiday window) no longer tells anyone what to expect. Each rule speaks
 * the shopper's language where the shop wrote it, else the shop's default language, else its
 * own name and description.
 */
export function publicRules(
  rules: readonly PolicyRule[],
  options: { locale: ShopperLocale; defaultLocale: string; today: string },
): PublicRule[] {
  return rules
    .filter((r) => r.enabled && r.public)
    .filter((r) => !r.when.orderedBetween?.to || r.when.orderedBetween.to >= options.today)
    .map((r) => {
      const text = r.translations?.[options.locale] ?? r.translations?.[options.defaultLocale as ShopperLocale] ?? r;
      return { name: text.name, description: text.description ?? null };
    });
}
