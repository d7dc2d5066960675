import type { PolicyDocumentInput } from '../../../../../src/domain/policy/document.js';
import { currencySign, useLang, useT } from '../../i18n.js';
import { ErrorBox } from '../../ui/States.js';
import { useShopCurrency } from '../../ui/useLabels.js';
import { EffectsEditor } from './EffectsEditor.js';
import { NumberField } from './fields.js';
import { RulesEditor } from './RulesEditor.js';
import type { VersionEditing } from './useVersionEditing.js';
import { VERSION_TEXTS } from './versionTexts.js';

/** The document as forms: the defaults with the estimated cost of a return, then the rules. */
export function FormEditor({
  doc,
  draft,
  edit,
}: {
  doc: PolicyDocumentInput;
  draft: boolean;
  edit: (next: PolicyDocumentInput) => void;
}) {
  const t = useT(VERSION_TEXTS);
  const lang = useLang();
  const currency = useShopCurrency();
  return (
    <>
      <section className="card">
        <h2>{t.defaults}</h2>
        <fieldset disabled={!draft} className="plain">
          <EffectsEditor
            defaults
            value={doc.defaults}
            // In `defaults` mode the editor always keeps a window, which is all the type adds.
            onChange={(defaults) => edit({ ...doc, defaults: defaults as PolicyDocumentInput['defaults'] })}
          />
          <NumberField
            label={t.returnCost}
            suffix={currency ? currencySign(currency, lang) : undefined}
            scale={100}
            value={doc.returnCostEstimate}
            onChange={(n) => edit({ ...doc, returnCostEstimate: n })}
          />
        </fieldset>
      </section>
      <section className="card">
        <h2>{t.rules}</h2>
        <RulesEditor rules={doc.rules ?? []} readOnly={!draft} onChange={(rules) => edit({ ...doc, rules })} />
      </section>
    </>
  );
}

/** The document as JSON text; what does not parse is shown and not taken. */
export function JsonEditor({ doc, draft, editing }: { doc: PolicyDocumentInput; draft: boolean; editing: VersionEditing }) {
  const t = useT(VERSION_TEXTS);
  return (
    <section className="card">
      <label>
        <span>{t.document}</span>
        <textarea
          rows={24}
          spellCheck={false}
          readOnly={!draft}
          value={editing.jsonText ?? JSON.stringify(doc, null, 2)}
          onChange={(e) => editing.typeJson(e.target.value)}
        />
      </label>
      {editing.jsonError && <ErrorBox message={editing.jsonError} />}
    </section>
  );
}
