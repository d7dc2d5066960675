import { PHOTO_TYPES } from '../../../../../src/domain/photoUpload.js';
import { isAllowedImageUrl } from '../../../../../src/domain/productCatalogue.js';
import type { UploadedImage } from '../../../../../src/http/routes/catalog/products/schema.js';
import type { CategoryList } from '../../../../../src/http/routes/returns/inspection/schema.js';
import { upload } from '../../api.js';
import { useLang, useT } from '../../i18n.js';
import { ItemImage } from '../../ui/ItemImage.js';
import { ErrorBox, Loading } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';
import { FLAG_FIELDS, moved, type ProductDraft } from './productDraft.js';
import { FLAG_TEXTS, PRODUCT_TEXTS } from './productTexts.js';

type Change = (next: ProductDraft) => void;
/** The options a stored product has, and whether variants hold values for them. */
type StoredOptions = { options: string[]; hasVariants: boolean };

/** A product's own fields: names, category, tags, the statutory flags with their meaning in law,
 * option names and images in order, each with its preview. */
export function ProductFields({
  draft,
  categories,
  onChange,
  stored,
}: {
  draft: ProductDraft;
  categories: CategoryList;
  onChange: Change;
  stored?: StoredOptions;
}) {
  const t = useT(PRODUCT_TEXTS);
  const set = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]) => onChange({ ...draft, [key]: value });
  return (
    <>
      <div className="field-grid">
        <label>
          <span>{t.productTitle}</span>
          <input required value={draft.title} onChange={(e) => set('title', e.target.value)} />
        </label>
        <label>
          <span>{t.handle}</span>
          <input required pattern="[a-z0-9][a-z0-9\-]*" value={draft.handle} onChange={(e) => set('handle', e.target.value)} />
        </label>
        <label>
          <span>{t.brand}</span>
          <input value={draft.brand} onChange={(e) => set('brand', e.target.value)} />
        </label>
        <label>
          <span>{t.category}</span>
          <select value={draft.category} onChange={(e) => set('category', e.target.value)}>
            <option value="">{t.noCategory}</option>
            {categories.items.map((c) => (
              <option key={c.id} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t.tags}</span>
          <input value={draft.tags} onChange={(e) => set('tags', e.target.value)} />
        </label>
      </div>
      <label>
        <span>{t.description}</span>
        <textarea rows={3} value={draft.description} onChange={(e) => set('description', e.target.value)} />
      </label>
      <FlagChoices draft={draft} onChange={onChange} />
      <OptionNames draft={draft} onChange={onChange} stored={stored} />
      <ImageList draft={draft} onChange={onChange} />
    </>
  );
}

function FlagChoices({ draft, onChange }: { draft: ProductDraft; onChange: Change }) {
  const t = useT(PRODUCT_TEXTS);
  const lang = useLang();
  return (
    <fieldset className="choices">
      <legend>{t.flags}</legend>
      <ul className="flag-list">
        {FLAG_FIELDS.map((f) => (
          <li key={f}>
            <label className="check">
              <input
                type="checkbox"
                checked={draft.flags[f]}
                aria-describedby={`flag-${f}`}
                onChange={(e) => onChange({ ...draft, flags: { ...draft.flags, [f]: e.target.checked } })}
              />
              <span>{FLAG_TEXTS[lang][f].label}</span>
            </label>
            <small id={`flag-${f}`} className="muted">
              {FLAG_TEXTS[lang][f].meaning}
            </small>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function OptionNames({ draft, onChange, stored }: { draft: ProductDraft; onChange: Change; stored?: StoredOptions }) {
  const t = useT(PRODUCT_TEXTS);
  // Names and the values beside them move, go and come together.
  const setOptions = (options: string[], optionDefaults: string[]) => onChange({ ...draft, options, optionDefaults });
  const defaults = draft.options.map((_, i) => draft.optionDefaults[i] ?? '');
  return (
    <fieldset className="choices">
      <legend>{t.options}</legend>
      {draft.options.map((name, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an option is its place in the list
        <div className="toolbar" key={i}>
          <label>
            <span>
              {t.optionName} {i + 1}
            </span>
            <input
              required
              value={name}
              onChange={(e) =>
                setOptions(
                  draft.options.map((o, j) => (j === i ? e.target.value : o)),
                  defaults,
                )
              }
            />
          </label>
          {stored?.hasVariants && name.trim() !== '' && !stored.options.includes(name.trim()) && (
            <label>
              <span>
                {t.newOptionValue} ({name})
              </span>
              <input
                value={defaults[i]}
                onChange={(e) =>
                  setOptions(
                    draft.options,
                    defaults.map((d, j) => (j === i ? e.target.value : d)),
                  )
                }
              />
            </label>
          )}
          <OrderButtons
            index={i}
            count={draft.options.length}
            onMove={(by) => setOptions(moved(draft.options, i, by), moved(defaults, i, by))}
            label={name}
          />
          <button
            type="button"
            onClick={() =>
              setOptions(
                draft.options.filter((_, j) => j !== i),
                defaults.filter((_, j) => j !== i),
              )
            }
          >
            {t.remove} <span className="sr-only">{name}</span>
          </button>
        </div>
      ))}
      {draft.options.length < 3 && (
        <button type="button" onClick={() => setOptions([...draft.options, ''], [...defaults, ''])}>
          {t.addOption}
        </button>
      )}
    </fieldset>
  );
}

function ImageList({ draft, onChange }: { draft: ProductDraft; onChange: Change }) {
  const t = useT(PRODUCT_TEXTS);
  const setImages = (images: ProductDraft['images']) => onChange({ ...draft, images });
  return (
    <fieldset className="choices">
      <legend>{t.images}</legend>
      {draft.images.map((image, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: an image is its place in the list
        <div className="toolbar" key={i}>
          {/* What the portal will show; nothing is loaded until the address is one it may load. */}
          <ItemImage image={isAllowedImageUrl(image.url.trim()) ? { url: image.url.trim(), alt: image.alt } : null} size={64} />
          <label>
            <span>
              {t.imageUrl} {i + 1}
            </span>
            <input
              inputMode="url"
              required
              value={image.url}
              onChange={(e) => setImages(draft.images.map((m, j) => (j === i ? { ...m, url: e.target.value } : m)))}
            />
          </label>
          <label>
            <span>{t.imageAlt}</span>
            <input
              value={image.alt}
              onChange={(e) => setImages(draft.images.map((m, j) => (j === i ? { ...m, alt: e.target.value } : m)))}
            />
          </label>
          <OrderButtons
            index={i}
            count={draft.images.length}
            onMove={(by) => setImages(moved(draft.images, i, by))}
            label={image.url}
          />
          <button type="button" onClick={() => setImages(draft.images.filter((_, j) => j !== i))}>
            {t.remove} <span className="sr-only">{image.url}</span>
          </button>
        </div>
      ))}
      <div className="toolbar">
        <button type="button" onClick={() => setImages([...draft.images, { url: '', alt: '' }])}>
          {t.addImage}
        </button>
        <ImageUpload onUploaded={(url) => setImages([...draft.images, { url, alt: '' }])} />
      </div>
    </fieldset>
  );
}

/** A picture from the computer: Retour checks it, shrinks it, keeps it and gives its address. */
function ImageUpload({ onUploaded }: { onUploaded: (url: string) => void }) {
  const t = useT(PRODUCT_TEXTS);
  const sending = useAction();
  return (
    <>
      <label>
        <span>{t.uploadImage}</span>
        <input
          type="file"
          accept={PHOTO_TYPES.join(',')}
          disabled={sending.busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void sending.run(async () => onUploaded((await upload<UploadedImage>('/product-images', file)).url));
          }}
        />
      </label>
      {sending.busy && <Loading label={t.uploading} />}
      {sending.error && <ErrorBox message={sending.error} />}
    </>
  );
}

/** Up and down buttons: moving without dragging, for keyboards and screen readers too. */
export function OrderButtons({
  index,
  count,
  onMove,
  label,
  disabled = false,
}: {
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  label: string;
  disabled?: boolean;
}) {
  const t = useT(PRODUCT_TEXTS);
  return (
    <span className="order-buttons">
      <button type="button" disabled={disabled || index === 0} onClick={() => onMove(-1)} aria-label={`${t.moveUp}: ${label}`}>
        ↑
      </button>
      <button
        type="button"
        disabled={disabled || index === count - 1}
        onClick={() => onMove(1)}
        aria-label={`${t.moveDown}: ${label}`}
      >
        ↓
      </button>
    </span>
  );
}
