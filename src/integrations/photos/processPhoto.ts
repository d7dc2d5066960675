import sharp, { type Metadata } from 'sharp';
import { RetourError } from '../../domain/errors.js';
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../domain/photoUpload.js';

export { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../domain/photoUpload.js';

/** Larger images are scaled down: enough to judge damage, small enough to keep. */
const STORED_EDGE = 2048;
const THUMBNAIL_EDGE = 320;
/** Refuses decompression bombs: a small file that would unpack into gigabytes of pixels. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface ProcessedPhoto {
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

const FORMAT_OF: Record<(typeof PHOTO_TYPES)[number], string[]> = {
  'image/jpeg': ['jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/avif': ['heif'],
};

/** Checks that the bytes are the image they claim to be, then stores a re-encoded JPEG and a
 * thumbnail. Re-encoding drops the camera's metadata (location, device) and anything hidden
 * after the image data; the orientation is applied first so nothing shows sideways. */
export async function processPhoto(bytes: Buffer, contentType: string): Promise<ProcessedPhoto> {
  const invalid = (message: string) => new RetourError('invalid', 'PHOTO_INVALID', message, [{ path: 'body', message }]);
  if (!(PHOTO_TYPES as readonly string[]).includes(contentType))
    throw new RetourError('invalid', 'PHOTO_TYPE_NOT_ALLOWED', `Send a photo as ${PHOTO_TYPES.join(', ')}`, [
      { path: 'headers.content-type', message: 'not an accepted image type' },
    ]);
  if (bytes.length === 0) throw invalid('The photo is empty');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new RetourError('invalid', 'PHOTO_TOO_LARGE', 'A photo may be at most 10 MB', [
      { path: 'body', message: 'larger than 10 MB' },
    ]);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw invalid('This file is not a readable image');
  }
  if (!meta.format || !FORMAT_OF[contentType as keyof typeof FORMAT_OF].includes(meta.format))
    throw invalid(`The file is ${meta.format ?? 'unknown'}, not ${contentType}`);
  try {
    const base = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    const [stored, thumbnail] = await Promise.all([
      base
        .clone()
        .resize({ width: STORED_EDGE, height: STORED_EDGE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 85, mozjpeg: true })
        .toBuffer({ resolveWithObject: true }),
      base.clone().resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: 'cover' }).webp({ quality: 75 }).toBuffer(),
    ]);
    return { image: stored.data, thumbnail, width: stored.info.width, height: stored.info.height };
  } catch {
    throw invalid('This image could not be read to the end');
  }
}
