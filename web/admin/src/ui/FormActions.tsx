import { ErrorBox } from './States.js';

/** The foot of a form that adds a row or changes one: the last write's error, the submit button
 * (save, or update while changing) and, while changing, cancel. */
export function FormActions({
  busy,
  error,
  changing,
  texts,
  onCancel,
}: {
  busy: boolean;
  error: string | null;
  changing: boolean;
  texts: { save: string; update: string; cancel: string };
  onCancel: () => void;
}) {
  return (
    <>
      {error && <ErrorBox message={error} />}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          {changing ? texts.update : texts.save}
        </button>
        {changing && (
          <button type="button" onClick={onCancel}>
            {texts.cancel}
          </button>
        )}
      </div>
    </>
  );
}

/** The foot of a settings form: the last write's error, that it was saved, and the save button
 * for those who may change it. */
export function SaveFooter({
  busy,
  error,
  saved,
  editable = true,
  primary = true,
  texts,
}: {
  busy: boolean;
  error: string | null;
  saved: boolean;
  editable?: boolean;
  primary?: boolean;
  texts: { save: string; saved: string };
}) {
  return (
    <>
      {error && <ErrorBox message={error} />}
      {saved && (
        <p className="ok" role="status">
          {texts.saved}
        </p>
      )}
      {editable && (
        <button type="submit" className={primary ? 'primary' : undefined} disabled={busy}>
          {texts.save}
        </button>
      )}
    </>
  );
}
