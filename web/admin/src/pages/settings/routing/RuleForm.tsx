import { type FormEvent, useState } from 'react';
import { api } from '../../../api.js';
import { useT } from '../../../i18n.js';
import { FormActions } from '../../../ui/FormActions.js';
import type { useAction } from '../../../ui/useAction.js';
import { ConditionFields } from './ConditionFields.js';
import { DestinationFields } from './DestinationFields.js';
import type { RoutingRule } from './routingModel.js';
import { ROUTING_TEXTS } from './routingTexts.js';
import { bodyOf, draftOf, type RuleDraft } from './ruleDraft.js';

/** A new routing rule (tried after the others), or a change to one. */
export function RuleForm({
  editing,
  action,
  onDone,
  warehouses,
  categories,
  reasons,
}: {
  editing: RoutingRule | null;
  action: ReturnType<typeof useAction>;
  onDone: () => Promise<void>;
  warehouses: { id: string; name: string; isDefault: boolean }[];
  categories: { id: string; name: string }[];
  reasons: { code: string; name: string }[];
}) {
  const t = useT(ROUTING_TEXTS);
  const defaultWarehouse = warehouses.find((w) => w.isDefault)?.id ?? warehouses[0]?.id ?? '';
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(editing, defaultWarehouse));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = bodyOf(draft);
    const ok = await action.run(() =>
      editing ? api('PUT', `/routing-rules/${editing.id}`, body) : api('POST', '/routing-rules', body),
    );
    if (ok) {
      setDraft(draftOf(null, defaultWarehouse));
      await onDone();
    }
  }

  return (
    <form onSubmit={submit} aria-label={editing ? t.change : t.add}>
      <h3>{editing ? `${t.change}: ${editing.name}` : t.add}</h3>
      <label>
        <span>{t.name}</span>
        <input required maxLength={200} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      </label>
      <ConditionFields draft={draft} set={setDraft} categories={categories} reasons={reasons} />
      <DestinationFields draft={draft} set={setDraft} warehouses={warehouses} />
      <label>
        <span>{t.serviceChoice}</span>
        <select
          value={draft.serviceChoice}
          onChange={(e) => setDraft({ ...draft, serviceChoice: e.target.value as RuleDraft['serviceChoice'] })}
        >
          <option value="configured">{t.configured}</option>
          <option value="cheapest">{t.cheapest}</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        <span>{t.enabled}</span>
      </label>
      <FormActions busy={action.busy} error={action.error} changing={editing !== null} texts={t} onCancel={() => void onDone()} />
    </form>
  );
}
