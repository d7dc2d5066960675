/** The photos a shopper or staff member may send: these image types, up to this size. The API
 * checks them and the portal checks them first, so a wrong file fails fast. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
