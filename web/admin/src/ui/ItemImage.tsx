import { thumbnailUrl } from '../../../../src/domain/productCatalogue.js';
import { texts, useT } from '../i18n.js';

const T = texts({ en: { none: 'No image' }, nl: { none: 'Geen afbeelding' } });

/** An item's picture in a fixed square (the page does not move when it loads), loaded only when
 * it scrolls into view; a neutral tile when there is none. No referrer leaves with the request. */
export function ItemImage({ image, size = 48 }: { image: { url: string; alt: string | null } | null; size?: number }) {
  const t = useT(T);
  const box = { width: size, height: size };
  if (!image) {
    return (
      <span className="item-image item-image-none" style={box} role="img" aria-label={t.none}>
        <svg viewBox="0 0 24 24" width={size / 2} height={size / 2} aria-hidden="true" focusable="false">
          <path d="M4 5h16v14H4z M4 15l5-5 4 4 3-3 4 4" fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      </span>
    );
  }
  return (
    <img
      className="item-image"
      src={thumbnailUrl(image.url)}
      alt={image.alt ?? ''}
      width={size}
      height={size}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      style={box}
    />
  );
}
