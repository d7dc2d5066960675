import { brandColours } from '../../../src/domain/brandColours.js';

/** The shop's colour as CSS variables (see src/domain/brandColours.ts for how text stays readable). */
export function brandVariables(hex: string | null): Record<string, string> {
  const c = brandColours(hex);
  return c ? { '--brand': c.brand, '--on-brand': c.onBrand, '--brand-text': c.brandText } : {};
}
