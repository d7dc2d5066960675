import { useId, useState } from 'react';
import { MAX_PHOTO_BYTES, PHOTO_TYPES } from '../../../src/domain/photoUpload.js';
import { Alert } from './Alert.js';
import { ApiError, api, type UploadedPhoto, uploadPhoto } from './api.js';
import { type Locale, type TextKey, t } from './i18n.js';

export interface PickedPhoto extends UploadedPhoto {
  /** A local preview of the file the shopper chose: no round trip to show it. */
  preview: string;
}

const MAX_PHOTOS = 5;

/** Checks one file and uploads it, adding it to `added`; the text key of what went wrong, if anything. */
async function upload(file: File, added: PickedPhoto[]): Promise<TextKey | null> {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'photoType';
  if (file.size > MAX_PHOTO_BYTES) return 'photoTooLarge';
  try {
    const uploaded = await uploadPhoto(file);
    added.push({ ...uploaded, preview: URL.createObjectURL(file) });
    return null;
  } catch (err) {
    const code = err instanceof ApiError ? err.problem.code : '';
    return code === 'PHOTO_TOO_LARGE' ? 'photoTooLarge' : code === 'PHOTO_INVALID' ? 'photoUnreadable' : 'failed';
  }
}

/** Photos of one item: checked here first (type, size) so a wrong file fails fast, then uploaded
 * one by one; the server checks again and keeps a re-encoded copy. */
export function PhotoPicker({
  locale,
  photos,
  required,
  onChange,
}: {
  locale: Locale;
  photos: PickedPhoto[];
  required: boolean;
  onChange: (photos: PickedPhoto[]) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add(files: FileList | null) {
    if (!files || files.length === 0) return;
    setError(null);
    setBusy(true);
    const added: PickedPhoto[] = [];
    try {
      for (const file of Array.from(files).slice(0, MAX_PHOTOS - photos.length)) {
        const problem = await upload(file, added);
        if (problem) setError(t(locale, problem));
      }
    } finally {
      setBusy(false);
      if (added.length > 0) onChange([...photos, ...added]);
    }
  }

  async function remove(photo: PickedPhoto) {
    await api('DELETE', `/shopper/photos/${photo.id}`).catch(() => {});
    URL.revokeObjectURL(photo.preview);
    onChange(photos.filter((p) => p.id !== photo.id));
  }

  return (
    <div className="photos">
      <label htmlFor={id}>
        <span>
          {t(locale, 'photos')}
          {required ? ' *' : ''}
        </span>
      </label>
      <p className="hint" id={`${id}-hint`}>
        {t(locale, 'photoHint')}
      </p>
      {photos.length > 0 && (
        <ul className="thumbs">
          {photos.map((p, i) => (
            <li key={p.id}>
              <img src={p.preview} alt={t(locale, 'photoAlt', { n: i + 1 })} width={72} height={72} />
              <button type="button" className="secondary small" onClick={() => remove(p)}>
                {t(locale, 'removePhoto', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {photos.length < MAX_PHOTOS && (
        <input
          id={id}
          type="file"
          accept={PHOTO_TYPES.join(',')}
          multiple
          aria-describedby={`${id}-hint`}
          disabled={busy}
          onChange={(e) => {
            void add(e.target.files);
            e.target.value = '';
          }}
        />
      )}
      {busy && <p role="status">{t(locale, 'sending')}</p>}
      <Alert message={error} />
    </div>
  );
}
