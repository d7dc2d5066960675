/** Colours picked from the shop's brand colour so text stays readable on and beside it (WCAG AA,
 * 4.5:1): a light brand colour gets dark text on it and is not used for text on white. Shared by
 * the portal and the e-mails. */
export interface BrandColours {
  brand: string;
  onBrand: string;
  brandText: string;
}

export function brandColours(hex: string | null | undefined): BrandColours | null {
  if (!hex || !/^#[0-9a-f]{6}$/i.test(hex)) return null;
  const onWhite = contrast(hex, '#ffffff');
  return {
    brand: hex,
    onBrand: onWhite >= 4.5 ? '#ffffff' : '#111111',
    brandText: onWhite >= 4.5 ? hex : '#1b1f23',
  };
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
