import { type Locale, t } from './i18n.js';

/** An item's picture in a fixed square (the page does not shift when it arrives), loaded only
 * when it comes into view and without a referrer; a quiet tile when the shop has none. */
export function ItemImage({
  locale,
  image,
  size = 56,
}: {
  locale: Locale;
  image: { url: string; alt: string } | null | undefined;
  size?: number;
}) {
  const box = { width: size, height: size };
  if (!image) {
    return (
      <span className="item-image item-image-none" style={box} role="img" aria-label={t(locale, 'noImage')}>
        <svg viewBox="0 0 24 24" width={size / 2} height={size / 2} aria-hidden="true" focusable="false">
          <path d="M4 5h16v14H4z M4 15l5-5 4 4 3-3 4 4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </span>
    );
  }
  return (
    <img
      className="item-image"
      src={image.url}
      alt={image.alt}
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      style={box}
    />
  );
}
