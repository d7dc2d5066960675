import type { FormEvent } from 'react';
import { REASON_FLAGS } from '../../../../../../src/domain/policy/facts.js';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import { LABEL_LANGS, type Reason, type ReasonForm } from './reasonModel.js';
import { REASON_TEXTS } from './reasonTexts.js';

/** A new reason, or the one being changed: its code, parent, labels per language and meaning. */
export function ReasonFormCard({
  rows,
  form,
  setForm,
  editing,
  saved,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  rows: Reason[];
  form: ReasonForm;
  setForm: (f: ReasonForm) => void;
  editing: Reason | null;
  saved: boolean;
  busy: boolean;
  error: string | null;
  onSubmit: (e: FormEvent) => void;
  onCancel: () => void;
}) {
  const t = useT(REASON_TEXTS);
  return (
    <form className="card" id="reason-form" onSubmit={onSubmit} aria-labelledby="reason-add">
      <h2 id="reason-add">{editing ? `${t.editing}: ${editing.code}` : t.add}</h2>
      {saved && (
        <p className="ok" role="status">
          {t.saved}
        </p>
      )}
      <CodeAndParent rows={rows} form={form} setForm={setForm} editing={editing} />
      <div className="toolbar">
        {LABEL_LANGS.map((l) => (
          <label key={l}>
            <span>{t[l]}</span>
            <input required={l === 'en'} lang={l} value={form[l]} onChange={(e) => setForm({ ...form, [l]: e.target.value })} />
          </label>
        ))}
      </div>
      {REASON_FLAGS.map((k) => (
        <label className="check" key={k}>
          <input type="checkbox" checked={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.checked })} />
          <span>{k === 'controllable' ? t.controllable : k === 'requiresPhoto' ? t.photo : t.defect}</span>
        </label>
      ))}
      <FormActions busy={busy} error={error} changing={Boolean(editing)} texts={t} onCancel={onCancel} />
    </form>
  );
}

/** The code (fixed once made) and the top-level reason it goes under. */
function CodeAndParent({
  rows,
  form,
  setForm,
  editing,
}: {
  rows: Reason[];
  form: ReasonForm;
  setForm: (f: ReasonForm) => void;
  editing: Reason | null;
}) {
  const t = useT(REASON_TEXTS);
  return (
    <div className="toolbar">
      <label>
        <span>{t.code}</span>
        <input
          required
          pattern="[a-z0-9_]+"
          readOnly={Boolean(editing)}
          value={form.code}
          onChange={(e) => setForm({ ...form, code: e.target.value })}
        />
      </label>
      <label>
        <span>{t.parent}</span>
        <select value={form.parentCode} onChange={(e) => setForm({ ...form, parentCode: e.target.value })}>
          <option value="">{t.top}</option>
          {rows
            // A reason goes under a top-level one, never under itself.
            .filter((r) => !r.parentCode && r.code !== editing?.code)
            .map((r) => (
              <option key={r.code} value={r.code}>
                {r.code}
              </option>
            ))}
        </select>
      </label>
    </div>
  );
}
