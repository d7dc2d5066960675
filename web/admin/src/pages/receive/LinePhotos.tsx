import { useState } from 'react';
import { upload } from '../../api.js';
import { texts, useT } from '../../i18n.js';
import type { ReturnDetail, UploadedPhoto } from '../../types.js';
import { ErrorBox } from '../../ui/States.js';
import { useAction } from '../../ui/useAction.js';

const T = texts({
  en: { add: 'Add photo (camera or file)', uploading: 'Uploading…', photo: 'Photo of' },
  nl: { add: 'Foto toevoegen (camera of bestand)', uploading: 'Uploaden…', photo: 'Foto van' },
});

/** Photos of an item at the station: the device camera on a tablet or phone, a file elsewhere. */
export function LinePhotos({ returnId, line }: { returnId: string; line: ReturnDetail['lines'][number] }) {
  const t = useT(T);
  const action = useAction();
  const [added, setAdded] = useState<string[]>([]);
  const ids = [...line.photos.map((p) => p.id), ...added.filter((id) => !line.photos.some((p) => p.id === id))];
  return (
    <div>
      {ids.length > 0 && (
        <div className="photos">
          {ids.map((id) => (
            <img key={id} src={`/api/v1/photos/${id}/thumbnail`} alt={`${t.photo} ${line.title}`} />
          ))}
        </div>
      )}
      <label>
        <span>{action.busy ? t.uploading : t.add}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp,image/avif"
          capture="environment"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            await action.run(async () => {
              const photo = await upload<UploadedPhoto>(`/returns/${returnId}/lines/${line.id}/photos`, file);
              setAdded((a) => [...a, photo.id]);
            });
          }}
        />
      </label>
      {action.error && <ErrorBox message={action.error} />}
    </div>
  );
}
